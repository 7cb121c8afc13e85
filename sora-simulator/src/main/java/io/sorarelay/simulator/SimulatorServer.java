package io.sorarelay.simulator;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.sorarelay.simulator.engine.Stats;
import io.sorarelay.simulator.http.Refusal;
import io.sorarelay.simulator.http.SimulatedProtocol;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;

/**
 * The HTTP server and its router: below each protocol's path prefix every request is counted (and
 * tracked in flight), then exposed to the fault injector, then authenticated by the protocol, before
 * the protocol's own handler runs; the admin routes live beside them, untouched by faults.
 */
final class SimulatorServer {
    private SimulatorServer() {}

    static Javalin create(List<SimulatedProtocol> protocols, FaultInjector faults, AdminRoutes admin, Stats stats) {
        return Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = 64L * 1024 * 1024;
            c.jetty.multipartConfig.maxFileSize(64, SizeUnit.MB);
            for (SimulatedProtocol protocol : protocols) {
                String below = protocol.pathPrefix() + "/*";
                // A servlet filter sees each request from arrival to answer, whatever path it takes (faults, errors, resets).
                c.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(countingFilter(stats)), below,
                        EnumSet.of(DispatcherType.REQUEST)));
                c.routes.before(below, ctx -> faults.apply(ctx, protocol));
                c.routes.before(below, ctx -> {
                    if (!protocol.authorized(ctx)) {
                        protocol.refuse(ctx, new Refusal.Unauthorized());
                        ctx.skipRemainingHandlers();
                    }
                });
                protocol.mount(c.routes);
                c.routes.after(below, ctx -> faults.afterHandled(ctx, protocol));
            }
            admin.mount(c.routes);
        });
    }

    private static Filter countingFilter(Stats stats) {
        return (ServletRequest req, ServletResponse res, FilterChain chain) -> {
            stats.requestStarted();
            try {
                chain.doFilter(req, res);
            } finally {
                stats.requestDone();
            }
        };
    }
}
