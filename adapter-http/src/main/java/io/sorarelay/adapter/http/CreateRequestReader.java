package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.http.Part;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.ImageUpload;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.sorarelay.adapter.http.Requests.jsonBody;
import static io.sorarelay.adapter.http.Requests.requestKey;

/**
 * A create request as a command: multipart (the OpenAI-style front door, with an uploaded {@code input_reference}) or
 * JSON (with a base64 data URL {@code referenceImage}, bare base64 sniffed for its type). What a field means is the
 * use case's business; this class only reads what was sent and refuses what cannot be read.
 */
final class CreateRequestReader {
    private static final List<String> FORM_FIELDS = List.of("prompt", "model", "seconds", "size", "aspectRatio", "clientRequestId", "apiConfigId",
            "negativePrompt");

    private final long maxImageBytes;
    private final long maxMultipartBytes;

    CreateRequestReader(long maxImageBytes, long maxMultipartBytes) {
        this.maxImageBytes = maxImageBytes;
        this.maxMultipartBytes = maxMultipartBytes;
    }

    /** {@code POST /api/relay/sora/videos}: multipart or JSON. */
    CreateVideoTaskCommand multipartOrJson(Context ctx, UserId owner) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (isMultipart(ctx)) return multipart(ctx, owner);
        if (type.startsWith("application/json")) return json(ctx, owner);
        throw ApiException.of(415, "unsupported_media_type", "send multipart/form-data or application/json");
    }

    /** {@code POST /api/video/tasks} and the JSON form of the relay route. */
    CreateVideoTaskCommand json(Context ctx, UserId owner) {
        JsonNode body = jsonBody(ctx);
        Optional<String> seconds = Json.scalar(body, "seconds").or(() -> Json.scalar(body, "duration"));
        Optional<ImageUpload> image = Json.text(body, "referenceImage").map(v -> dataUrl(v, "referenceImage"));
        return new CreateVideoTaskCommand(owner, prompt(Json.text(body, "prompt")), Json.text(body, "model"), seconds,
                Json.text(body, "size"), Json.text(body, "aspectRatio"), Json.scalar(body, "apiConfigId"), image,
                requestKey(ctx, Json.text(body, "clientRequestId"))).withNegativePrompt(Json.text(body, "negativePrompt"));
    }

    /** The prompt is required here; what makes a prompt valid is {@link Prompt}'s rule. */
    static Prompt prompt(Optional<String> raw) {
        return new Prompt(raw.orElseThrow(() -> ApiException.invalid("prompt", "prompt is required")));
    }

    static boolean isMultipart(Context ctx) {
        return Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** A multipart create: the form fields and the uploaded {@code input_reference}. */
    CreateVideoTaskCommand multipart(Context ctx, UserId owner) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.matches(".*;\\s*boundary=\"?[^\";\\s]{1,70}.*")) {
            // Read (and drop) the body first: answering while the client is still sending it made Jetty close
            // the connection under the client's upload, which then saw a broken pipe instead of this 400.
            Requests.body(ctx);
            throw ApiException.invalid("body", "multipart/form-data needs a boundary parameter");
        }
        Map<String, String> f = new TreeMap<>();
        UploadedFile file;
        try {
            // Javalin parses the body here, with the configured multipart limits.
            file = ctx.uploadedFile("input_reference");
            // The fields' own bytes, not Javalin's decoded form parameters: those would have replaced invalid UTF-8.
            for (Part part : ctx.req().getParts()) {
                if (part.getSubmittedFileName() != null || !FORM_FIELDS.contains(part.getName()) || f.containsKey(part.getName())) continue;
                byte[] value;
                try (InputStream in = part.getInputStream()) {
                    value = in.readAllBytes();
                }
                Requests.requireUtf8(value, part.getName());
                f.put(part.getName(), new String(value, StandardCharsets.UTF_8));
            }
        } catch (ApiException e) {
            throw e;
        } catch (Exception e) {   // Jetty reports a malformed body as a (checked) ServletException
            // What is left of an unreadable body cannot be told from the next request: this connection ends
            // with the answer, and says so, so that no client sends its next request on it.
            ctx.header("Connection", "close");
            if (overLimit(e)) throw ApiException.of(413, "payload_too_large", "the body is larger than " + readable(maxMultipartBytes));
            throw ApiException.invalid("body", "the multipart body cannot be read");
        }
        Optional<ImageUpload> image = file == null ? Optional.empty() : Optional.of(upload(file));
        return new CreateVideoTaskCommand(owner, prompt(Optional.ofNullable(f.get("prompt"))), Optional.ofNullable(f.get("model")),
                Optional.ofNullable(f.get("seconds")), Optional.ofNullable(f.get("size")), Optional.ofNullable(f.get("aspectRatio")),
                Optional.ofNullable(f.get("apiConfigId")), image, requestKey(ctx, Optional.ofNullable(f.get("clientRequestId"))))
                .withNegativePrompt(Optional.ofNullable(f.get("negativePrompt")));
    }

    /**
     * Jetty parses a multipart body itself and counts the bytes it parses (so a chunked body is bounded too); past the
     * configured size it fails the parse with one of these messages (Jetty's {@code MultiPartFormData}).
     */
    private static boolean overLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof IllegalStateException && m != null && (m.startsWith("max length exceeded") || m.startsWith("max file size exceeded")
                    || m.startsWith("Form is larger than max length"))) return true;
        }
        return false;
    }

    private ImageUpload upload(UploadedFile file) {
        if (file.size() > maxImageBytes) throw imageTooLarge();
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw ApiException.invalid("input_reference", "the image could not be read");
        }
        return new ImageUpload(ImageTypes.verified(Optional.ofNullable(file.contentType()), bytes, "input_reference"), bytes);
    }

    /** {@code data:image/png;base64,…} or bare base64 (then sniffed). */
    ImageUpload dataUrl(String value, String field) {
        String type = null;
        String b64 = value;
        if (value.startsWith("data:")) {
            int comma = value.indexOf(',');
            if (comma < 0 || !value.substring(0, comma).endsWith(";base64"))
                throw ApiException.invalid(field, field + " must be a base64 data URL");
            type = value.substring(5, comma - ";base64".length()).toLowerCase(Locale.ROOT);
            b64 = value.substring(comma + 1);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " is not valid base64");
        }
        if (bytes.length > maxImageBytes) throw imageTooLarge();
        return new ImageUpload(ImageTypes.verified(Optional.ofNullable(type), bytes, field), bytes);
    }

    private ApiException imageTooLarge() {
        return ApiException.of(413, "payload_too_large", "the image is larger than " + readable(maxImageBytes));
    }

    /** A configured size as people write it: whole MiB or KiB when it is one, bytes otherwise. */
    static String readable(long bytes) {
        if (bytes > 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes > 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}
