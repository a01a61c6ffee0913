package io.github.apitokenkit.standin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Stand-in plumbing, not a Jenkins class: a Jetty 12 server (the container Jenkins bundles through Winstone) on
 * 127.0.0.1 that hands each request, fully read, to a handler and writes back the one answer the handler gives.
 * It exists in Java because Groovy 2.4 cannot call the static interface methods Jetty's API is built on.
 */
public final class JettyHttp implements AutoCloseable {
    /** Handles one request; must call {@link Call#respond} exactly once. */
    public interface CallHandler {
        void handle(Call call) throws Exception;
    }

    public static final class Call {
        public final String method;
        /** The path as sent, still percent-encoded. */
        public final String rawPath;
        /** The query as sent, still percent-encoded; null when there is none. */
        public final String rawQuery;
        public final String pathQuery;
        public final byte[] body;
        private final HttpFields headers;
        private int status = 500;
        private final List<String[]> responseHeaders = new ArrayList<>();
        private byte[] responseBody = new byte[0];
        private boolean responded;

        Call(Request request) throws IOException {
            method = request.getMethod();
            rawPath = request.getHttpURI().getPath();
            rawQuery = request.getHttpURI().getQuery();
            pathQuery = request.getHttpURI().getPathQuery();
            headers = request.getHeaders();
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readAllBytes();
            }
        }

        public String header(String name) {
            return headers.get(name);
        }

        public List<String> headerValues(String name) {
            return headers.getValuesList(name);
        }

        /** The answer: status, headers as name/value pairs (repeats allowed), and a body (empty for none). */
        public void respond(int status, List<String[]> headers, byte[] body) {
            if (responded) {
                throw new IllegalStateException("answered twice");
            }
            responded = true;
            this.status = status;
            this.responseHeaders.addAll(headers);
            this.responseBody = body;
        }
    }

    private final Server server;
    private final ServerConnector connector;

    public JettyHttp(int port, CallHandler handler) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("stand-in-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(configuration));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Call call = new Call(request);
                handler.handle(call);
                response.setStatus(call.status);
                for (String[] header : call.responseHeaders) {
                    response.getHeaders().add(header[0], header[1]);
                }
                response.getHeaders().put("Content-Length", String.valueOf(call.responseBody.length));
                response.write(true, ByteBuffer.wrap(call.responseBody), callback);
                return true;
            }
        });
        server.start();
    }

    public int getPort() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the stand-in's HTTP server", e);
        }
    }
}
