"""Facts about the bundled dataset that several tests check, stated once."""

from __future__ import annotations

TOOL_IDS = [
    "istio",
    "linkerd",
    "consul",
    "kuma",
    "aws-app-mesh",
    "open-service-mesh",
    "cilium",
    "traefik-mesh",
    "gloo-mesh",
    "tetrate-service-bridge",
]
CRITERION_IDS = ["core", "ease", "integrations", "security", "performance", "support", "value"]
GUIDE_WEIGHTS = [25, 15, 15, 10, 10, 10, 15]
# Published totals the guide's own scores do not reproduce under its own weights.
DISCREPANT = {
    "istio",
    "linkerd",
    "open-service-mesh",
    "traefik-mesh",
    "gloo-mesh",
    "tetrate-service-bridge",
}
INACTIVE = {"aws-app-mesh", "open-service-mesh", "traefik-mesh"}
# The regulated enterprise of data/examples/enterprise.yaml (acceptance example 3).
ENTERPRISE_ANSWERS = {
    "organization": "enterprise",
    "services": "100+",
    "kubernetes": "multi_cluster",
    "compliance": "regulated",
    "platform_team": "dedicated",
    "budget": "premium",
}
