package io.sorarelay.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.CreateVideoTaskCommand;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase.ImageUpload;
import io.sorarelay.domain.Prompt;
import io.sorarelay.domain.UserId;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static io.sorarelay.adapter.http.Requests.jsonBody;
import static io.sorarelay.adapter.http.Requests.requestKey;

/**
 * A create request as a command: multipart (the OpenAI-style front door, with an uploaded {@code input_reference}) or
 * JSON (with a base64 data URL {@code referenceImage}, bare base64 sniffed for its type). What a field means is the
 * use case's business; this class only reads what was sent and refuses what cannot be read.
 */
final class CreateRequestReader {
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/webp");
    private static final List<String> FORM_FIELDS = List.of("prompt", "model", "seconds", "size", "aspectRatio", "clientRequestId", "apiConfigId");

    private final long maxImageBytes;

    CreateRequestReader(long maxImageBytes) { this.maxImageBytes = maxImageBytes; }

    /** {@code POST /api/relay/sora/videos}: multipart or JSON. */
    CreateVideoTaskCommand multipartOrJson(Context ctx, UserId owner) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) return multipart(ctx, owner, type);
        if (type.startsWith("application/json")) return json(ctx, owner);
        throw ApiException.of(415, "unsupported_media_type", "send multipart/form-data or application/json");
    }

    /** {@code POST /api/video/tasks} and the JSON form of the relay route. */
    CreateVideoTaskCommand json(Context ctx, UserId owner) {
        JsonNode body = jsonBody(ctx);
        Optional<String> seconds = Json.scalar(body, "seconds").or(() -> Json.scalar(body, "duration"));
        Optional<ImageUpload> image = Json.text(body, "referenceImage").map(this::dataUrl);
        return new CreateVideoTaskCommand(owner, prompt(Json.text(body, "prompt")), Json.text(body, "model"), seconds,
                Json.text(body, "size"), Json.text(body, "aspectRatio"), Json.scalar(body, "apiConfigId"), image,
                requestKey(ctx, Json.text(body, "clientRequestId")));
    }

    /** The prompt is required here; what makes a prompt valid is {@link Prompt}'s rule. */
    static Prompt prompt(Optional<String> raw) {
        return new Prompt(raw.orElseThrow(() -> ApiException.invalid("prompt", "prompt is required")));
    }

    private CreateVideoTaskCommand multipart(Context ctx, UserId owner, String type) {
        if (!type.matches(".*;\\s*boundary=\"?[^\";\\s]{1,70}.*")) {
            // Read (and drop) the body first: answering while the client is still sending it made Jetty close
            // the connection under the client's upload, which then saw a broken pipe instead of this 400.
            ctx.bodyAsBytes();
            throw ApiException.invalid("body", "multipart/form-data needs a boundary parameter");
        }
        Map<String, String> f = new TreeMap<>();
        try {
            for (String name : FORM_FIELDS) {
                String v = ctx.formParam(name);
                if (v != null) f.put(name, v);
            }
        } catch (Exception e) {   // Jetty reports a malformed body as a (checked) ServletException
            // What is left of an unreadable body cannot be told from the next request: this connection ends
            // with the answer, and says so, so that no client sends its next request on it.
            ctx.header("Connection", "close");
            throw ApiException.invalid("body", "the multipart body cannot be read");
        }
        UploadedFile file;
        try {
            file = ctx.uploadedFile("input_reference");
        } catch (Exception e) {
            ctx.header("Connection", "close");
            throw ApiException.invalid("input_reference", "the multipart body cannot be read");
        }
        Optional<ImageUpload> image = file == null ? Optional.empty() : Optional.of(upload(file));
        return new CreateVideoTaskCommand(owner, prompt(Optional.ofNullable(f.get("prompt"))), Optional.ofNullable(f.get("model")),
                Optional.ofNullable(f.get("seconds")), Optional.ofNullable(f.get("size")), Optional.ofNullable(f.get("aspectRatio")),
                Optional.ofNullable(f.get("apiConfigId")), image, requestKey(ctx, Optional.ofNullable(f.get("clientRequestId"))));
    }

    private ImageUpload upload(UploadedFile file) {
        if (file.size() > maxImageBytes) throw imageTooLarge();
        String type = Optional.ofNullable(file.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!IMAGE_TYPES.contains(type)) throw ApiException.invalid("input_reference", "the image must be image/jpeg, image/png or image/webp");
        try (InputStream in = file.content()) {
            return new ImageUpload(type, in.readAllBytes());
        } catch (IOException e) {
            throw ApiException.invalid("input_reference", "the image could not be read");
        }
    }

    /** {@code data:image/png;base64,…} or bare base64 (then sniffed). */
    private ImageUpload dataUrl(String value) {
        String type = null;
        String b64 = value;
        if (value.startsWith("data:")) {
            int comma = value.indexOf(',');
            if (comma < 0 || !value.substring(0, comma).endsWith(";base64"))
                throw ApiException.invalid("referenceImage", "referenceImage must be a base64 data URL");
            type = value.substring(5, comma - ";base64".length()).toLowerCase(Locale.ROOT);
            b64 = value.substring(comma + 1);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("referenceImage", "referenceImage is not valid base64");
        }
        if (bytes.length > maxImageBytes) throw imageTooLarge();
        if (type == null) type = sniff(bytes);
        if (!IMAGE_TYPES.contains(type)) throw ApiException.invalid("referenceImage", "the image must be JPEG, PNG or WebP");
        return new ImageUpload(type, bytes);
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

    private static String sniff(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) return "image/jpeg";
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P')
            return "image/webp";
        return "application/octet-stream";
    }
}
