package io.sorarelay.adapter.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code /docs}: a reference page of the API (Swagger UI over {@code /openapi.json}), every file served by this server
 * from the classpath, so it needs no CDN and runs under the same Content-Security-Policy as the dashboard. Only the
 * named files are served: the path never reaches the classpath as given.
 */
final class DocsRoutes {
    private static final String OWN = "/io/sorarelay/adapter/http/docs/";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";

    private record Asset(String resource, String contentType) {}

    private final Map<String, Asset> assets;

    DocsRoutes() {
        String swaggerUi = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        this.assets = Map.of(
                "docs.js", new Asset(OWN + "docs.js", JS),
                "swagger-ui-bundle.js", new Asset(swaggerUi + "swagger-ui-bundle.js", JS),
                "swagger-ui.css", new Asset(swaggerUi + "swagger-ui.css", CSS));
    }

    void register(Router r) {
        r.get("/docs", ctx -> serve(ctx, new Asset(OWN + "index.html", "text/html; charset=utf-8")));
        r.get("/docs/{asset}", ctx -> serve(ctx, Optional.ofNullable(assets.get(ctx.pathParam("asset")))
                .orElseThrow(() -> ApiException.of(404, "route_not_found", "no route " + ctx.method() + " " + ctx.path()))));
    }

    private static void serve(Context ctx, Asset asset) {
        InputStream in = DocsRoutes.class.getResourceAsStream(asset.resource());
        if (in == null) throw new IllegalStateException(asset.resource() + " missing from the classpath");
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType(asset.contentType()).result(in);
    }

    /** The webjar's files sit under its version; reading it here keeps an upgrade to the pom alone. */
    private static String swaggerUiVersion() {
        try (InputStream in = DocsRoutes.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the swagger-ui webjar is missing from the classpath");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
