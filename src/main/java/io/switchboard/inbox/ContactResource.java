package io.switchboard.inbox;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import io.switchboard.common.error.ResourceNotFoundException;
import io.switchboard.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/contacts")
@Tag(name = "Contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class ContactResource {

    private final ContactService contacts;

    public ContactResource(ContactService contacts) {
        this.contacts = contacts;
    }

    @GET
    @Operation(summary = "The tenant's contacts, newest first; merged contacts are not listed")
    public Page<ContactView> listContacts(
            @Parameter(
                            description = "Searches name, email and phone: every word, as a word prefix; an email"
                                    + " address or its start (zoe@exa) matches the start of contacts' addresses")
                    @QueryParam("q")
                    String q,
            @Parameter(
                            description = "Contacts carrying any of these labels (repeatable or a comma list; matched"
                                    + " as stored: trimmed, lower-case)")
                    @QueryParam("label")
                    List<String> label,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        return contacts.list(q, Labels.filter(label, "label"), cursor, Cursor.limit(limit));
    }

    @POST
    @Operation(summary = "Create a contact")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = ContactView.class)))
    public Response createContact(@Valid @NotNull CreateContactRequest request, @Context UriInfo uri) {
        ContactView created = contacts.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "One contact with its identities on each channel",
            description = "For a contact that was merged into another, the answer is the contact it was merged"
                    + " into (its id differs from the one asked for, and Content-Location names it).")
    @APIResponse(
            responseCode = "200",
            description = "The contact",
            headers =
                    @Header(
                            name = "Content-Location",
                            description = "Set when the contact asked for was merged: the contact answered"),
            content = @Content(schema = @Schema(implementation = ContactView.class)))
    public Response getContact(@PathParam("id") String id, @Context UriInfo uri) {
        ContactView view = contacts.find(id).orElseThrow(() -> new ResourceNotFoundException("Contact", id));
        Response.ResponseBuilder response = Response.ok(view);
        if (!view.id().equals(id)) {
            response.contentLocation(uri.getBaseUriBuilder()
                    .path(ContactResource.class)
                    .path(view.id())
                    .build());
        }
        return response.build();
    }

    @PATCH
    @Path("/{id}")
    @Operation(
            summary = "Change a contact's name, email, phone or labels; a merged contact cannot be changed (409)",
            description = "labels replaces the contact's labels (normalised: trimmed, inner white space collapsed,"
                    + " lower-case; at most 20, each 1 to 64 characters without commas); an invalid one is a 400"
                    + " naming it (labels[i]).")
    @APIResponse(
            responseCode = "200",
            description = "The contact, changed",
            content = @Content(schema = @Schema(implementation = ContactView.class)))
    @APIResponse(responseCode = "409", description = "The contact was merged into another (conflict)")
    public ContactView updateContact(@PathParam("id") String id, @Valid @NotNull UpdateContactRequest request) {
        return contacts.update(id, request);
    }

    @POST
    @Path("/{id}/merge")
    @RolesAllowed(Roles.MANAGER)
    @Operation(
            summary = "Merge a duplicate into this contact (manager)",
            description = "Atomic and irreversible, hence for managers: the source's identities and conversations"
                    + " move to this contact, which also takes over the name, email and phone it lacks and"
                    + " carries the source's labels too. The source is then hidden from lists, and reading it"
                    + " answers with this contact. Merging a contact into itself is refused with 400; merging from"
                    + " or into an already merged contact with 409, as is a merge that would give the contact more"
                    + " than 20 labels.")
    @APIResponse(
            responseCode = "200",
            description = "The contact after the merge",
            content = @Content(schema = @Schema(implementation = ContactView.class)))
    @APIResponse(
            responseCode = "409",
            description = "One of the contacts was already merged, or together they carry more than 20 labels")
    public ContactView mergeContacts(@PathParam("id") String id, @Valid @NotNull MergeContactsRequest request) {
        return contacts.merge(id, request.sourceContactId().strip());
    }
}
