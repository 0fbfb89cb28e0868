package dev.slipway.deploy.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The lock queries spell out the waiting states; they must stay the states {@link RequestState#WAITING} names. */
class RequestStateQueryTest {

    @Test
    void theQueriesWaitingStatesAreRequestStateWaiting() {
        var spelled = Pattern.compile("RequestState\\.(\\w+)").matcher(DeploymentRequestRepository.WAITING).results()
                .map(match -> RequestState.valueOf(match.group(1))).collect(Collectors.toSet());
        assertThat(spelled).isEqualTo(RequestState.WAITING);
    }
}
