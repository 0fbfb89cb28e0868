package dev.slipway.approvals;

import dev.slipway.deploy.DeploymentService;
import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the approvals badge in every page's model; signed-out pages (login, errors) get an empty one. */
@ControllerAdvice
class ApprovalBadgeAdvice {

    private final DeploymentService deployments;

    ApprovalBadgeAdvice(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @ModelAttribute("approvalBadge")
    ApprovalBadge approvalBadge(Principal principal) {
        if (principal == null) {
            return ApprovalBadge.NONE;
        }
        String username = principal.getName();
        return new ApprovalBadge(() -> deployments.countWaitingFor(username));
    }
}
