package io.sorarelay.adapter.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** Errors Jetty produces itself (a request it cannot parse, a URI too long) in the contract's JSON envelope, not an HTML page. */
final class EnvelopeErrorHandler extends ErrorHandler {
    private final Envelope envelope;

    EnvelopeErrorHandler(Envelope envelope) { this.envelope = envelope; }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        String codeName = ErrorMapper.codeFor(code);
        String text = message == null || message.isBlank() ? "the request cannot be served (" + code + ")" : message;
        byte[] bytes = Json.MAPPER.writeValueAsBytes(envelope.errorBody(codeName, text, Optional.empty()));
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath();
        SecurityHeaders.apply(path, response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
