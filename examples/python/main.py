"""
The seed synthesis from Python (issue #25): ray-llm-gateway's jsii build used from a cdk8s app
written in Python, at both levels: the building blocks in a chart of its own, and the whole fleet
from the repository's models.yaml (ModelFleet.from_file) or a plain dict.

Run by the tests on cdk8s for Python from PyPI (test/python-example.test.ts: its YAML equals the
TypeScript synth of the same list); see README.md here for what it needs.
    python3 main.py [path/to/models.yaml]     # writes dist/*.k8s.yaml
"""
import sys

from cdk8s import App, Chart
from ray_llm_gateway import (
    ModelFleet,
    ModelGateway,
    ModelRoute,
    RayLlmService,
    ServeBackendPolicy,
    ServeHealthCheck,
)

app = App()

# The building blocks: a RayService, its health check and backend policy, a Gateway and a route.
chart = Chart(app, "team-a", namespace="team-a", disable_resource_name_hashes=True)
gemma = RayLlmService(
    chart, "gemma",
    name="gemma", model_id="google/gemma-2b-it", source="google/gemma-2b-it",
    metadata={"labels": {"team": "a"}},
)
ServeHealthCheck(chart, "gemma-health", service=gemma)
ServeBackendPolicy(chart, "gemma-timeout", service=gemma)
gateway = ModelGateway(chart, "gateway", name="team-a-gateway")
ModelRoute(chart, "route", name="team-a-models", gateway=gateway).add_model(gemma)

# The fleet: the repository's seed list (or another file), checked as the TypeScript app checks it;
# a bad list raises an error naming the model and the field (models[1] "id": ...) before any chart.
if len(sys.argv) > 1:
    fleet = ModelFleet.from_file(app, "fleet", sys.argv[1])
else:
    fleet = ModelFleet(app, "fleet", list={
        "namespace": "llm",
        "models": [
            {"id": "qwen-25-3b", "source": "Qwen/Qwen2.5-3B-Instruct"},
            {"id": "mistral-7b", "source": "mistralai/Mistral-7B-Instruct-v0.3",
             "accelerator": "nvidia-tesla-a100", "minReplicas": 1, "maxReplicas": 3},
        ],
    })
for warning in fleet.warnings:
    print(f"warning: {warning}", file=sys.stderr)

app.synth()
