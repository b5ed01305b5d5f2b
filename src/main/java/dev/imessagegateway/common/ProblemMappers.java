package dev.imessagegateway.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one table from exception type to HTTP status. Every error leaves as {@code application/problem+json};
 * nothing leaves as a stack trace.
 *
 * <pre>
 * ProblemException                      its own status (400, 401, 404, 409, 413, 422, 429)
 * JsonParseException                    400 malformed JSON
 * UnrecognizedPropertyException         400 unknown field
 * MismatchedInputException (and kin)    400 wrong JSON type
 * ConstraintViolationException          400
 * WebApplicationException               its status (404 unknown path, 405, 406, 415, ...)
 * anything else                         500, logged, with no detail
 * </pre>
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.status(), e.title(), e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return respond(400, "Bad Request", "Malformed JSON: " + e.getOriginalMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = path(e);
        return respond(400, "Bad Request", "Unknown field '" + field + "'",
                List.of(new FieldError(field, "unknown field")));
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = path(e);
        String expected = e.getTargetType() == null ? "a different JSON value" : describe(e.getTargetType());
        if (field.isEmpty()) {
            return respond(400, "Bad Request", "The request body must be a JSON object", List.of());
        }
        String message = "must be " + expected;
        return respond(400, "Bad Request", field + ": " + message, List.of(new FieldError(field, message)));
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) {
            return wrongType(m);
        }
        return respond(400, "Bad Request", "Invalid JSON: " + e.getOriginalMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .collect(Collectors.toList());
        return respond(400, "Bad Request", errors.stream()
                .map(f -> f.field() + ": " + f.message())
                .collect(Collectors.joining("; ")), errors);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return invalidJson(json);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        String detail = status == 404 ? "No such resource" : e.getMessage();
        return respond(status, title, detail, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof WebApplicationException w) {
            return web(w);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return invalidJson(json);
        }
        LOG.error("Unexpected error", e);
        return respond(500, "Internal Server Error", "An unexpected error occurred; it has been logged", List.of());
    }

    public static Response respond(int status, String title, String detail, List<FieldError> errors) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail, errors))
                .build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
