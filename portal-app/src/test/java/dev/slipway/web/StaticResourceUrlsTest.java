package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.SlipwayTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/** Pages link webjars by version-less paths, which the server resolves; no filter rewrites page URLs. */
@SlipwayTest
class StaticResourceUrlsTest {

    @LocalServerPort int port;
    @Autowired ApplicationContext context;

    @Test
    void versionLessWebjarPathsAreServedOverRealHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/webjars/bootstrap/css/bootstrap.min.css", "/webjars/htmx.org/dist/htmx.min.js"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).hasSizeGreaterThan(1000);
        }
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.body()).contains("href=\"/webjars/bootstrap/css/bootstrap.min.css\"");
    }

    @Test
    void theUrlRewritingFilterIsRegisteredDisabled() {
        var registrations = context.getBeansOfType(org.springframework.boot.web.servlet.FilterRegistrationBean.class)
                .values().stream().filter(r -> r.getFilter() instanceof ResourceUrlEncodingFilter).toList();
        assertThat(registrations).singleElement().satisfies(r -> assertThat(r.isEnabled()).isFalse());
    }
}
