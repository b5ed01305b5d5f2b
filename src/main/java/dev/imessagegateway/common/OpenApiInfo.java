package dev.imessagegateway.common;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI metadata: the document is served at {@code /q/openapi}, Swagger UI at {@code /q/swagger-ui}. */
@OpenAPIDefinition(info = @Info(title = "iMessage Gateway API", version = "1",
        description = "Send and receive iMessages through a Mac. Every /api/v1 endpoint needs `Authorization: Bearer <api key>`."))
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key from GATEWAY_API_KEYS")
public class OpenApiInfo extends Application {
}
