package dev.imessagegateway.bulk;

import dev.imessagegateway.common.PageRequest;
import dev.imessagegateway.common.PageView;
import dev.imessagegateway.common.Problem;
import dev.imessagegateway.common.ProblemException;
import dev.imessagegateway.message.MessageStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;

@Path("/api/v1/messages/bulk")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bulk jobs")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "Missing or invalid API key",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class BulkJobResource {

    public static final String NDJSON = "application/x-ndjson";

    private final BulkJobService service;
    private final BulkJobRepository repository;

    public BulkJobResource(BulkJobService service, BulkJobRepository repository) {
        this.service = service;
        this.repository = repository;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a bulk job", description = "Validates every entry; if any is invalid nothing is created.")
    @APIResponse(responseCode = "201", description = "Job and messages created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BulkViews.Created.class)))
    @APIResponse(responseCode = "400", description = "Invalid entries (listed by index and field), empty list, malformed JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More recipients than GATEWAY_BULK_MAX_RECIPIENTS",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "fromNumber is not a registered account",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> createBulkJob(SendBulkRequest request, @Context UriInfo uriInfo) {
        return service.create(request)
                .map(created -> Response.created(uriInfo.getAbsolutePathBuilder().path(created.jobId()).build())
                        .entity(created)
                        .build());
    }

    @GET
    @Operation(summary = "List bulk jobs", description = "Newest first.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobPage.class)))
    public Uni<PageView<BulkViews.Summary>> listBulkJobs(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "1")) @QueryParam("page") String page,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20")) @QueryParam("limit") String limit) {
        PageRequest request = PageRequest.parse(page, limit);
        return repository.markCompleted(null) // so the list never shows a finished job as processing
                .chain(repository::count)
                .chain(total -> repository.page(request)
                        .chain(jobs -> {
                            List<String> ids = jobs.stream().map(j -> j.id).toList();
                            return repository.counts(ids).map(counts -> PageView.of(jobs.stream()
                                    .map(j -> new BulkViews.Summary(j.id, j.name, j.status, j.total,
                                            BulkViews.percent(counts.get(j.id).completed(), j.total), j.createdAt, j.completedAt))
                                    .toList(), request, total));
                        }));
    }

    @GET
    @Path("/{jobId}")
    @Operation(summary = "Get a bulk job's progress")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BulkViews.Detail.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<BulkViews.Detail> getBulkJob(@PathParam("jobId") String jobId) {
        return found(jobId)
                .chain(job -> repository.counts(List.of(jobId))
                        .chain(counts -> {
                            BulkViews.Counts c = counts.get(jobId);
                            if (job.status.equals(BulkJob.PROCESSING) && c.open() == 0) {
                                return repository.markCompleted(List.of(jobId))
                                        .chain(() -> found(jobId))
                                        .map(j -> detail(j, c));
                            }
                            return Uni.createFrom().item(detail(job, c));
                        }));
    }

    @GET
    @Path("/{jobId}/results")
    @Operation(summary = "Per-recipient results", description = "Paginated; with Accept: application/x-ndjson the whole job is streamed, one JSON object per line.")
    @APIResponse(responseCode = "200", description = "One page (JSON) or every result (NDJSON)",
            content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ResultPage.class)),
                    @Content(mediaType = NDJSON, schema = @Schema(implementation = BulkViews.Result.class))})
    @APIResponse(responseCode = "400", description = "Bad status, page or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PageView<BulkViews.Result>> listBulkResults(
            @PathParam("jobId") String jobId,
            @Parameter(description = "Only results in this state",
                    schema = @Schema(enumeration = {"queued", "sending", "sent", "delivered", "read", "failed", "dead_letter", "cancelled"}))
            @QueryParam("status") String status,
            @QueryParam("page") String page,
            @QueryParam("limit") String limit) {
        PageRequest request = PageRequest.parse(page, limit);
        MessageStatus filter = status(status);
        return found(jobId)
                .chain(job -> repository.countResults(jobId, filter))
                .chain(total -> repository.results(jobId, filter, request)
                        .map(list -> PageView.of(list.stream().map(BulkViews.Result::of).toList(), request, total)));
    }

    @GET
    @Path("/{jobId}/results")
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Multi<BulkViews.Result> streamBulkResults(@PathParam("jobId") String jobId, @QueryParam("status") String status) {
        MessageStatus filter = status(status);
        return found(jobId)
                .onItem().transformToMulti(job -> repository.stream(jobId, filter));
    }

    @POST
    @Path("/{jobId}/cancel")
    @Operation(summary = "Cancel a bulk job", description = "Cancels the job's messages not yet handed to an agent; the rest finish normally.")
    @APIResponse(responseCode = "200", description = "The job after cancelling",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BulkViews.Detail.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The job is already completed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<BulkViews.Detail> cancelBulkJob(@PathParam("jobId") String jobId) {
        return service.cancel(jobId)
                .chain(() -> getBulkJob(jobId));
    }

    private Uni<BulkJob> found(String jobId) {
        return repository.find(jobId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Bulk job", jobId));
    }

    private static BulkViews.Detail detail(BulkJob j, BulkViews.Counts c) {
        return new BulkViews.Detail(j.id, j.name, j.status, j.total, j.priority, j.fromNumber, c, c.completed(),
                BulkViews.percent(c.completed(), j.total), j.createdAt, j.completedAt, j.cancelledAt);
    }

    private static MessageStatus status(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        return MessageStatus.fromWire(status)
                .filter(s -> s != MessageStatus.RECEIVED)
                .orElseThrow(() -> ProblemException.badRequest("status",
                        "must be one of queued, sending, sent, delivered, read, failed, dead_letter, cancelled"));
    }

    /** OpenAPI shape of a page of jobs. */
    @Schema(name = "BulkJobPage")
    public record JobPage(List<BulkViews.Summary> data, int page, int limit, long total, long totalPages) {
    }

    /** OpenAPI shape of a page of results. */
    @Schema(name = "BulkResultPage")
    public record ResultPage(List<BulkViews.Result> data, int page, int limit, long total, long totalPages) {
    }
}
