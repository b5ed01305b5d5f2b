package dev.imessagegateway.simulator;

import dev.imessagegateway.common.FieldError;
import dev.imessagegateway.common.Handles;
import dev.imessagegateway.common.Problem;
import dev.imessagegateway.common.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/** Makes the simulated agent receive a message, like a person texting the account. 404 when the simulator is off. */
@Path("/api/v1/simulator")
@Tag(name = "Simulator")
@SecurityRequirement(name = "apiKey")
public class SimulatorResource {

    private final SimulatorLauncher launcher;
    private final Handles handles;

    public SimulatorResource(SimulatorLauncher launcher, Handles handles) {
        this.launcher = launcher;
        this.handles = handles;
    }

    /** Body of {@code POST /api/v1/simulator/inbound}. */
    @RegisterForReflection
    @Schema(name = "SimulatedInboundRequest")
    public record SimulatedInboundRequest(
            @Schema(required = true, examples = "+15557654321") String from,
            @Schema(required = true, examples = "Hello back") String body,
            @Schema(description = "Which simulated account receives it (default: the first)", examples = "+15550001111") String to) {
    }

    /** Response of {@code POST /api/v1/simulator/inbound}. */
    @RegisterForReflection
    @Schema(name = "SimulatedInbound")
    public record SimulatedInboundView(String guid, String from, String to, String body) {
    }

    @POST
    @Path("/inbound")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Simulate an incoming message (simulator only)")
    @APIResponse(responseCode = "202", description = "Delivered to the simulated agent, which reports it to the gateway",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SimulatedInboundView.class)))
    @APIResponse(responseCode = "400", description = "Invalid from/body/to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The simulator is not running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response simulateInbound(SimulatedInboundRequest request) {
        SimulatedAgent agent = launcher.agent()
                .orElseThrow(() -> new ProblemException(404, "Not Found", "The simulator is not running (GATEWAY_SIMULATOR)"));
        List<FieldError> errors = new ArrayList<>();
        String from = request == null ? null : handles.person(request.from()).orElse(null);
        if (from == null) {
            errors.add(new FieldError("from", "must be a phone number or an Apple ID email"));
        }
        if (request == null || request.body() == null || request.body().isBlank()) {
            errors.add(new FieldError("body", "is required"));
        }
        String to = null;
        if (request != null && request.to() != null) {
            to = handles.person(request.to()).filter(agent.accounts()::contains).orElse(null);
            if (to == null) {
                errors.add(new FieldError("to", "must be one of the simulator's accounts " + agent.accounts()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        String account = to == null ? agent.accounts().get(0) : to;
        String guid = agent.inbound(from, request.body(), account);
        return Response.accepted(new SimulatedInboundView(guid, from, account, request.body())).build();
    }
}
