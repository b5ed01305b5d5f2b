package dev.imessagegateway.message;

import dev.imessagegateway.attachment.AttachmentLinks;
import dev.imessagegateway.common.Handles;
import dev.imessagegateway.common.PageRequest;
import dev.imessagegateway.common.PageView;
import dev.imessagegateway.common.Problem;
import dev.imessagegateway.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "Missing or invalid API key",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class MessageResource {

    private final MessageService service;
    private final MessageRepository repository;
    private final Handles handles;
    private final AttachmentLinks links;

    public MessageResource(MessageService service, MessageRepository repository, Handles handles, AttachmentLinks links) {
        this.links = links;
        this.service = service;
        this.repository = repository;
        this.handles = handles;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message", description = "Validates, normalises and queues a message for dispatch.")
    @APIResponse(responseCode = "201", description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, wrong types, unknown fields or invalid values",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body longer than 20,000 characters, or request too large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "fromNumber is not a registered account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> send(SendMessageRequest request, @Context UriInfo uriInfo) {
        return service.send(request)
                .map(view -> Response.created(uriInfo.getAbsolutePathBuilder().path(view.id()).build())
                        .entity(view)
                        .build());
    }

    @GET
    @Operation(summary = "List messages", description = "Sent and received messages, newest first.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessagePage.class)))
    @APIResponse(responseCode = "400", description = "Bad direction, participant, page or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PageView<MessageView>> list(
            @Parameter(description = "sent or received", schema = @Schema(enumeration = {"sent", "received"}))
            @QueryParam("direction") String direction,
            @Parameter(description = "Phone number or email of the other party; normalised like `to`")
            @QueryParam("participant") String participant,
            @Parameter(description = "Page number, from 1", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "1"))
            @QueryParam("page") String page,
            @Parameter(description = "Items per page, 1–100", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") String limit) {
        PageRequest request = PageRequest.parse(page, limit);
        String dir = direction(direction);
        String who = participant(participant);
        return repository.count(dir, who)
                .chain(total -> total == 0 || request.offset() >= total
                        ? Uni.createFrom().item(PageView.<MessageView>of(List.of(), request, total))
                        : repository.page(dir, who, request)
                                .map(list -> PageView.of(list, request, total)));
    }

    @GET
    @Path("/queue/stats")
    @Operation(summary = "Queue statistics")
    @APIResponse(responseCode = "200", description = "Counts by queue state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QueueStatsView.class)))
    public Uni<QueueStatsView> queueStats() {
        return repository.queueStats();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a message")
    @APIResponse(responseCode = "200", description = "The message",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "404", description = "Unknown id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageView> get(@PathParam("id") String id) {
        return found(id)
                .chain(m -> repository.attachments(id)
                        .map(list -> MessageView.of(m, list.stream().map(a -> a.sourceUrl).filter(java.util.Objects::nonNull).toList())));
    }

    @GET
    @Path("/{id}/status")
    @Operation(summary = "Get a message's delivery status")
    @APIResponse(responseCode = "200", description = "The status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageStatusView.class)))
    @APIResponse(responseCode = "404", description = "Unknown id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageStatusView> status(@PathParam("id") String id) {
        return found(id).map(MessageStatusView::of);
    }

    @GET
    @Path("/{id}/attachments")
    @Operation(summary = "List a message's attachments")
    @APIResponse(responseCode = "200", description = "The attachments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = AttachmentView.class)))
    @APIResponse(responseCode = "404", description = "Unknown id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<AttachmentView>> listAttachments(@PathParam("id") String id, @Context UriInfo uriInfo) {
        return found(id)
                .chain(m -> repository.attachments(id))
                .map(list -> list.stream().map(a -> AttachmentView.of(a, links.link(uriInfo.getBaseUri(), a.id))).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a message", description = "Cancels a queued or failed message. Cancelling a cancelled message is a no-op.")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "404", description = "Unknown id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already handed to an agent, or in a final state",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageView> cancel(@PathParam("id") String id) {
        return service.cancel(id);
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry a message", description = "Puts a dead_letter or failed message back in the queue with a fresh set of attempts.")
    @APIResponse(responseCode = "200", description = "Queued again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageView.class)))
    @APIResponse(responseCode = "404", description = "Unknown id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not dead_letter or failed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<MessageView> retry(@PathParam("id") String id) {
        return service.retry(id);
    }

    private Uni<Message> found(String id) {
        return repository.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Message", id));
    }

    private static String direction(String direction) {
        if (direction == null || direction.isEmpty()) {
            return null;
        }
        if (!direction.equals(Message.SENT) && !direction.equals(Message.RECEIVED)) {
            throw ProblemException.badRequest("direction", "must be 'sent' or 'received'");
        }
        return direction;
    }

    private String participant(String participant) {
        if (participant == null || participant.isBlank()) {
            return null;
        }
        return handles.recipient(participant)
                .orElseThrow(() -> ProblemException.badRequest("participant", "must be a phone number or an Apple ID email"));
    }

    /** OpenAPI shape of a page of messages. */
    @Schema(name = "MessagePage")
    public record MessagePage(List<MessageView> data, int page, int limit, long total, long totalPages) {
    }
}
