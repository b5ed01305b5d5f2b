package dev.imessagegateway.attachment;

import dev.imessagegateway.common.Problem;
import dev.imessagegateway.common.ProblemException;
import dev.imessagegateway.message.MessageAttachment;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PathPart;

import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a stored attachment from disk (never through memory), with {@code Range} support. Needs the API key, or
 * the signed {@code expires}/{@code token} query parameters of a link from {@code GET /messages/{id}/attachments}
 * (checked by the API key filter: tampered or expired links get 403).
 */
@Path("/api/v1/attachments")
@Tag(name = "Attachments")
@SecurityRequirement(name = "apiKey")
public class AttachmentResource {

    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    private final AttachmentService attachments;

    public AttachmentResource(AttachmentService attachments) {
        this.attachments = attachments;
    }

    @GET
    @Path("/{id}/content")
    @Produces("*/*")
    @WithSession
    @Operation(summary = "Download an attachment", description = "Supports single byte ranges (206). Authorise with the API key or the link's expires/token.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "206", description = "The requested range")
    @APIResponse(responseCode = "403", description = "Tampered or expired link",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown attachment, or not fetched yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "416", description = "Range not satisfiable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> downloadAttachment(@PathParam("id") String id,
                                 @Parameter(description = "e.g. bytes=0-1023") @HeaderParam("Range") String range) {
        return MessageAttachment.<MessageAttachment>findById(id)
                .map(a -> {
                    if (a == null || a.sha256 == null || !attachments.store().contains(a.sha256)) {
                        throw a == null ? ProblemException.notFound("Attachment", id)
                                : new ProblemException(404, "Not Found", "Attachment " + id + " has not been fetched yet");
                    }
                    java.nio.file.Path file = attachments.store().path(a.sha256);
                    long size = sizeOf(file);
                    Response.ResponseBuilder response;
                    long start = 0;
                    long length = size;
                    Matcher m = range == null ? null : RANGE.matcher(range.trim());
                    if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                        if (m.group(1).isEmpty()) {
                            long suffix = Long.parseLong(m.group(2));
                            start = Math.max(0, size - suffix);
                        } else {
                            start = Long.parseLong(m.group(1));
                        }
                        long end = m.group(1).isEmpty() || m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                        if (start >= size || end < start) {
                            return Response.status(416).header("Content-Range", "bytes */" + size)
                                    .type(Problem.MEDIA_TYPE)
                                    .entity(Problem.of(416, "Range Not Satisfiable", "The file has " + size + " bytes", java.util.List.of()))
                                    .build();
                        }
                        length = end - start + 1;
                        response = Response.status(206).header("Content-Range", "bytes " + start + "-" + end + "/" + size);
                    } else {
                        response = Response.ok();
                    }
                    String name = a.filename == null ? id : a.filename;
                    return response
                            .entity(new PathPart(file, start, length))
                            .type(a.mimeType == null ? "application/octet-stream" : a.mimeType)
                            .header("Content-Length", length)
                            .header("Accept-Ranges", "bytes")
                            .header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^\\x20-\\x7e]|\"", "_")
                                    + "\"; filename*=UTF-8''" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                            .build();
                });
    }

    private static long sizeOf(java.nio.file.Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new ProblemException(404, "Not Found", "The stored file is missing");
        }
    }
}
