package dev.slipway.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/** How the journeys tell that a submitted page has been replaced, including Chromium's odd answer. */
class BrowserTest {

    @Test
    void anElementStillOnThePageIsNotGone() {
        WebElement element = mock(WebElement.class);
        when(element.isEnabled()).thenReturn(true);
        assertThat(Browser.isGone(element)).isFalse();
    }

    @Test
    void aStaleElementIsGone() {
        WebElement element = mock(WebElement.class);
        when(element.isEnabled()).thenThrow(new StaleElementReferenceException("stale element reference"));
        assertThat(Browser.isGone(element)).isTrue();
    }

    @Test
    void chromiumsNodeOfAnotherDocumentIsGone() {
        WebElement element = mock(WebElement.class);
        when(element.isEnabled()).thenThrow(new WebDriverException("unknown error: unhandled inspector error: "
                + "{\"code\":-32000,\"message\":\"Node with given id does not belong to the document\"}"));
        assertThat(Browser.isGone(element)).isTrue();
    }

    @Test
    void anyOtherDriverErrorStillFails() {
        WebElement element = mock(WebElement.class);
        when(element.isEnabled()).thenThrow(new WebDriverException("chrome not reachable"));
        assertThatThrownBy(() -> Browser.isGone(element)).hasMessageContaining("chrome not reachable");
    }
}
