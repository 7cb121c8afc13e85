package io.sorarelay.bootstrap.archfixture.domain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;

/** A deliberately bad "domain" class for ArchitectureTest: it talks HTTP and JDBC. */
public class LeakyTask {
    public HttpRequest fetch() {
        HttpClient.newHttpClient();
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
    }

    public void save(Connection connection) throws java.sql.SQLException {
        connection.commit();
    }
}
