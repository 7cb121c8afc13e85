package io.sorarelay.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.List;

/** Registers routes with Javalin and remembers them as "METHOD /path", for the OpenAPI check. */
final class Router {
    private final RoutesConfig routes;
    private final List<String> registered = new ArrayList<>();

    Router(RoutesConfig routes) { this.routes = routes; }

    void get(String path, Handler h) { add(HandlerType.GET, path, h); }

    void post(String path, Handler h) { add(HandlerType.POST, path, h); }

    void delete(String path, Handler h) { add(HandlerType.DELETE, path, h); }

    void patch(String path, Handler h) { add(HandlerType.PATCH, path, h); }

    private void add(HandlerType method, String path, Handler h) {
        registered.add(method.name() + " " + path);
        routes.addHttpHandler(method, path, h);
    }

    List<String> registered() { return List.copyOf(registered); }
}
