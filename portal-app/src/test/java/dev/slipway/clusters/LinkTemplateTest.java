package dev.slipway.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkTemplateTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "https://grafana.example.com/d/pods?var-namespace={namespace}&var-service={service}",
        "http://loki.internal:3100/explore?left=%7B%22expr%22:%22%7Bnamespace%3D%5C%22{namespace}%5C%22%7D%22%7D",
        "https://{cluster}.grafana.example.com/d/{environment}/{service}",
        "https://kibana.example.com/app/discover#/?_a=(query:'{service}')",
        "https://grafana.example.com/"
    })
    void acceptsAbsoluteWebUrlsWithTheKnownPlaceholders(String template) {
        assertThat(LinkTemplate.problem(template)).isEmpty();
    }

    @Test
    void refusesOtherSchemesRelativeUrlsAndUnknownPlaceholdersSayingWhy() {
        assertThat(LinkTemplate.problem("javascript:alert(1)//{service}")).get().asString()
                .contains("absolute URL starting with http:// or https://");
        assertThat(LinkTemplate.problem("ftp://files.example.com/{service}")).isPresent();
        assertThat(LinkTemplate.problem("HTTPS://grafana.example.com")).as("the database allows lowercase only").isPresent();
        assertThat(LinkTemplate.problem("/d/pods?ns={namespace}")).isPresent();
        assertThat(LinkTemplate.problem("https://grafana.example.com/d?team={team}")).get().asString()
                .contains("{team} is not one of them");
        assertThat(LinkTemplate.problem("https://grafana.example.com/d?x={namespace")).get().asString()
                .contains("as %7B or %7D");
        assertThat(LinkTemplate.problem("https://grafana.example.com/d?q=a b")).get().asString().contains("a space is %20");
        assertThat(LinkTemplate.problem("https://user:secret@grafana.example.com/")).get().asString()
                .contains("user name or password");
        assertThat(LinkTemplate.problem("https://")).isPresent();
        assertThat(LinkTemplate.problem("https://{cluster}")).as("a host made only of a placeholder is a host").isEmpty();
        assertThat(LinkTemplate.problem("https://x\u0000.example.com")).isPresent();
    }

    @Test
    void refusesTemplatesLongerThanTheCap() {
        String base = "https://grafana.example.com/d?q=";
        assertThat(LinkTemplate.problem(base + "a".repeat(LinkTemplate.MAX_LENGTH - base.length()))).isEmpty();
        assertThat(LinkTemplate.problem(base + "a".repeat(LinkTemplate.MAX_LENGTH - base.length() + 1))).get().asString()
                .isEqualTo("must be at most 2000 characters (it has 2001)");
    }

    @Test
    void expandsEveryPlaceholderWhereverItStands() {
        assertThat(LinkTemplate.expand("https://{cluster}.grafana.example.com/d/{environment}?ns={namespace}&svc={service}"
                + "&again={service}", "payments-prod", "checkout", "prod", "eu-1"))
                .isEqualTo("https://eu-1.grafana.example.com/d/prod?ns=payments-prod&svc=checkout&again=checkout");
    }

    @Test
    void valuesAreUrlEncodedSoTheyCannotChangeWhereTheLinkGoes() {
        assertThat(LinkTemplate.expand("https://logs.example.com/?q={service}", "ns", "a&b=c/d?e#f g", "prod", "c"))
                .isEqualTo("https://logs.example.com/?q=a%26b%3Dc%2Fd%3Fe%23f%20g");
        assertThat(LinkTemplate.encode("ü~._-")).isEqualTo("%C3%BC~._-");
    }

    @Test
    void noTemplateMeansNoLink() {
        assertThat(LinkTemplate.expand(null, "ns", "svc", "prod", "c")).isNull();
        EnvironmentView environment = new EnvironmentView(1, "prod", "eu-1", "{team}-{environment}", 0, false,
                DriftMode.DETECT, GuardrailPolicy.none(), null, null, "https://logs.example.com/?ns={namespace}&app={service}");
        ObserveLinks links = environment.observeLinks("payments", "checkout");
        assertThat(links.dashboardUrl()).isNull();
        assertThat(links.logsUrl()).isEqualTo("https://logs.example.com/?ns=payments-prod&app=checkout");
        assertThat(links.any()).isTrue();
    }

    @Test
    void onlyWebLinksSurviveIntoTheView() {
        assertThat(new ObserveLinks("javascript:alert(1)", "data:text/html,x").any()).isFalse();
        assertThat(new ObserveLinks("https://grafana.example.com/", null).dashboardUrl()).isEqualTo("https://grafana.example.com/");
    }
}
