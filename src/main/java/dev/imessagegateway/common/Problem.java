package dev.imessagegateway.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** RFC 9457 problem details, the body of every error response. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(examples = "https://imessage-gateway.dev/problems/validation") String type,
        @Schema(examples = "Bad Request") String title,
        @Schema(examples = "400") int status,
        @Schema(examples = "to: is required") String detail,
        @Schema(description = "Invalid fields, for validation errors") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        return new Problem(typeFor(status), title, status, detail, errors);
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 400 -> "https://imessage-gateway.dev/problems/bad-request";
            case 401 -> "https://imessage-gateway.dev/problems/unauthorized";
            case 403 -> "https://imessage-gateway.dev/problems/forbidden";
            case 404 -> "https://imessage-gateway.dev/problems/not-found";
            case 405 -> "https://imessage-gateway.dev/problems/method-not-allowed";
            case 406, 415 -> "https://imessage-gateway.dev/problems/unsupported-media-type";
            case 409 -> "https://imessage-gateway.dev/problems/conflict";
            case 413 -> "https://imessage-gateway.dev/problems/too-large";
            case 422 -> "https://imessage-gateway.dev/problems/unprocessable";
            case 429 -> "https://imessage-gateway.dev/problems/too-many-requests";
            default -> "about:blank";
        };
    }
}
