package dev.imessagegateway.auth;

import dev.imessagegateway.attachment.AttachmentLinks;
import dev.imessagegateway.attachment.LinkSigner;
import dev.imessagegateway.common.GatewayConfig;
import dev.imessagegateway.common.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/** Guards every {@code /api/v1} endpoint with {@code Authorization: Bearer <api key>}; rejects oversized bodies early. */
public class ApiKeyFilter {

    private static final String BEARER = "bearer ";

    private static final java.util.regex.Pattern CONTENT = java.util.regex.Pattern.compile("^/api/v1/attachments/([^/]+)/content$");

    private final ApiKeys apiKeys;
    private final AttachmentLinks links;
    private final long maxRequestBytes;

    public ApiKeyFilter(ApiKeys apiKeys, AttachmentLinks links, GatewayConfig config) {
        this.apiKeys = apiKeys;
        this.links = links;
        this.maxRequestBytes = config.maxRequestBytes();
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        java.util.regex.Matcher content = CONTENT.matcher(path);
        String token = request.getUriInfo().getQueryParameters().getFirst("token");
        if (content.matches() && token != null) {
            LinkSigner.Check check = links.verify(content.group(1),
                    request.getUriInfo().getQueryParameters().getFirst("expires"), token);
            if (check == LinkSigner.Check.VALID) {
                return null;
            }
            return ProblemMappers.respond(403, "Forbidden",
                    check == LinkSigner.Check.EXPIRED ? "This download link has expired" : "This download link is not valid",
                    List.of());
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String key = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim()
                : null;
        if (!apiKeys.accepts(key)) {
            Response response = ProblemMappers.respond(401, "Unauthorized",
                    key == null ? "Missing API key: send Authorization: Bearer <key>" : "Invalid API key", List.of());
            response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return response;
        }
        if (request.getLength() > maxRequestBytes) {
            return ProblemMappers.respond(413, "Payload Too Large",
                    "Request body exceeds " + maxRequestBytes + " bytes", List.of());
        }
        return null;
    }
}
