package dev.imessagegateway.common;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One page of a list: {@code totalPages} is 0 when {@code total} is 0. */
@RegisterForReflection
public record PageView<T>(List<T> data, int page, int limit, long total, long totalPages) {

    public static <T> PageView<T> of(List<T> data, PageRequest request, long total) {
        return new PageView<>(data, request.page(), request.limit(), total, (total + request.limit() - 1) / request.limit());
    }
}
