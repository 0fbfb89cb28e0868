package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.requests.DeploymentRequestChanged;
import dev.slipway.deploy.requests.DeploymentRequestChanged.Change;
import dev.slipway.deploy.requests.RequestState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {

    @Test
    void aNewRequestWaitingForALeadCarriesTheFactsAndAChatLine() {
        Map<String, Object> payload = WebhookMessage.of(event(Change.REQUESTED, RequestState.PENDING_APPROVAL, "alice",
                "hotfix for INC-42")).orElseThrow();

        assertThat(payload).containsEntry("event", "deployment.requested").containsEntry("request", 12L)
                .containsEntry("service", "api").containsEntry("environment", "prod")
                .containsEntry("state", "PENDING_APPROVAL").containsEntry("actor", "alice");
        assertThat(payload.get("text")).isEqualTo("alice asks to deploy api revision 3 to prod (request 12); a lead of"
                + " team payments decides. Why: hotfix for INC-42");
    }

    @Test
    void whatPolicyDoesOnItsOwnIsNotNotified() {
        assertThat(WebhookMessage.of(event(Change.REQUESTED, RequestState.APPROVED, "alice", null))).isEmpty();
        assertThat(WebhookMessage.of(event(Change.APPROVED, RequestState.APPROVED, "policy", null))).isEmpty();
    }

    @Test
    void decisionsAndFailuresAreNotified() {
        assertThat(WebhookMessage.of(event(Change.REJECTED, RequestState.REJECTED, "bob", "not now")).orElseThrow()
                .get("text")).isEqualTo("bob rejected request 12: api revision 3 to prod. Comment: not now");
        assertThat(WebhookMessage.of(event(Change.SYNC_FAILED, RequestState.FAILED, "deployer", "quota\nexceeded"))
                .orElseThrow().get("text")).isEqualTo("Deploying api revision 3 to prod failed (request 12). Error: quota"
                + " exceeded");
    }

    @Test
    void aCommentCannotMentionAChannelOrPostALink() {
        Object text = WebhookMessage.of(event(Change.APPROVED, RequestState.APPROVED, "bob",
                "<!channel> see <http://evil.example|here> & more")).orElseThrow().get("text");

        assertThat(text).asString().contains("&lt;!channel&gt; see &lt;http://evil.example|here&gt; &amp; more")
                .doesNotContain("<");
    }

    @Test
    void aLongErrorIsShortened() {
        Object detail = WebhookMessage.of(event(Change.SYNC_FAILED, RequestState.FAILED, "deployer", "x".repeat(5000)))
                .orElseThrow().get("detail");

        assertThat(detail).asString().hasSize(WebhookMessage.MAX_DETAIL);
    }

    @Test
    void webhookUrlsMustBeHttpOrHttpsWithAHostAndNoCredentialsInTheAuthority() {
        assertThat(WebhookUrl.host("https://hooks.slack.com/services/T/B/x")).contains("hooks.slack.com");
        assertThat(WebhookUrl.host("http://127.0.0.1:8081/hook")).contains("127.0.0.1:8081");
        assertThat(WebhookUrl.host("ftp://example.com/x")).isEmpty();
        assertThat(WebhookUrl.host("https://user:pw@example.com/x")).isEmpty();
        assertThat(WebhookUrl.host("/relative")).isEmpty();
        assertThat(WebhookUrl.host("https://example.com/" + "a".repeat(2000))).isEmpty();
    }

    private static DeploymentRequestChanged event(Change change, RequestState state, String actor, String detail) {
        return new DeploymentRequestChanged(change, 12, "api", "payments", "prod", 3, state, actor, detail);
    }
}
