package dev.imessagegateway.common;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One invalid field of a request: {@code field} is a JSON path such as {@code to} or {@code messages[3].body}. */
@RegisterForReflection
public record FieldError(String field, String message) {
}
