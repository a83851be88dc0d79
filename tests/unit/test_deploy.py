"""The container image and the Kubernetes manifests (issue 15, deliverables 1 and 2), checked
offline: every resource of the kustomize base and of the production overlay (built here by a
small kustomize of our own: resources, labels, namespace, images, strategic-merge patches)
against the Kubernetes API's schemas (kubernetes-validate, strict), and the facts operators
rely on. No cluster, no Docker daemon needed (CI has neither)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from kubernetes_validate import utils as k8s

from graph.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
KUBE = ROOT / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.33.0"
# Settings not in the ConfigMap, and why: secrets (Secret refs in the pod spec) and files
# (mounted where used; see deploy/README.md).
SECRET = {"database_url": "database-url", "token_secret": "token-secret", "redis_url": "redis-url"}
NOT_IN_CONFIGMAP = {
    "otel_endpoint": "a Secret ref (optional): collector addresses may carry credentials",
    "token_private_key": "signs tokens in `shg tokens issue`, never on an API pod",
    "token_secret_file": "the file form of token-secret",
    "token_public_keys": "PEM files: mounted from a Secret where RS256/ES256 is used",
    "token_jwks_file": "a JWKS file: mounted from a Secret where used",
    "persisted_operations": "a file or folder shipped with the clients' release",
    "smtp_password_file": "the SMTP password: a file mounted from a Secret where used",
}


def _merge(target: Any, patch: Any) -> Any:
    """Strategic merge, as far as these manifests need: maps deeply, lists of named items
    by name, other lists replaced."""
    if isinstance(target, dict) and isinstance(patch, dict):
        for key, value in patch.items():
            target[key] = _merge(target[key], value) if key in target else value
        return target
    named = isinstance(target, list) and isinstance(patch, list)
    if named and all(isinstance(i, dict) and "name" in i for i in target + patch):
        by_name = {item["name"]: item for item in target}
        for item in patch:
            if item["name"] in by_name:
                _merge(by_name[item["name"]], item)
            else:
                target.append(item)
        return target
    return patch


def _pod_specs(resource: dict[str, Any]) -> list[dict[str, Any]]:
    spec = resource.get("spec", {})
    if resource["kind"] in ("Deployment", "Job"):
        return [spec["template"]["spec"]]
    if resource["kind"] == "CronJob":
        return [spec["jobTemplate"]["spec"]["template"]["spec"]]
    return []


def build(folder: Path) -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text(encoding="utf-8"))
    resources: list[dict[str, Any]] = []
    for entry in kustomization.get("resources", []):
        path = folder / entry
        if path.is_dir():
            resources += build(path)
        else:
            resources += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    for patch in kustomization.get("patches", []):
        doc = yaml.safe_load((folder / patch["path"]).read_text(encoding="utf-8"))
        (target,) = [
            r
            for r in resources
            if r["kind"] == doc["kind"] and r["metadata"]["name"] == doc["metadata"]["name"]
        ]
        _merge(target, doc)
    for label in kustomization.get("labels", []):
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
    if "namespace" in kustomization:
        for resource in resources:
            resource["metadata"]["namespace"] = kustomization["namespace"]
    for image in kustomization.get("images", []):
        for resource in resources:
            for pod in _pod_specs(resource):
                for container in pod["containers"]:
                    name, _, _tag = container["image"].partition(":")
                    if name == image["name"]:
                        container["image"] = f"{image.get('newName', name)}:{image['newTag']}"
    return resources


def _one(resources: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    found = [r for r in resources if r["kind"] == kind]
    if name is not None:
        found = [r for r in found if r["metadata"]["name"] == name]
    assert len(found) == 1, (kind, name, len(found))
    return found[0]


@pytest.mark.parametrize("overlay", ["base", "production"])
def test_every_resource_is_valid_against_the_kubernetes_schemas(overlay: str) -> None:
    resources = build(KUBE / overlay)
    kinds = {r["kind"] for r in resources}
    assert kinds >= {
        "Deployment",
        "Service",
        "Ingress",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Job",
        "CronJob",
        "ConfigMap",
        "NetworkPolicy",
        "ServiceAccount",
    }
    for resource in resources:
        k8s.validate(resource, KUBERNETES_VERSION, strict=True)  # raises naming the field


def test_a_broken_manifest_is_caught() -> None:
    deployment = _one(build(KUBE / "base"), "Deployment")
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(k8s.ValidationError):
        k8s.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_the_deployment_is_run_as_production_needs() -> None:
    resources = build(KUBE / "production")
    deployment = _one(resources, "Deployment")
    assert deployment["spec"]["replicas"] >= 2
    assert deployment["metadata"]["namespace"] == "selbsthilfe-graph"
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (api,) = pod["containers"]
    assert api["image"] == "registry.example.org/selbsthilfe/selbsthilfe-graph:0.1.0"
    assert api["securityContext"]["readOnlyRootFilesystem"] is True
    assert api["securityContext"]["allowPrivilegeEscalation"] is False
    assert api["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert {"startupProbe", "readinessProbe", "livenessProbe"} <= api.keys()
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"requests", "limits"} <= api["resources"].keys()
    assert api["resources"]["requests"]["memory"] == "512Mi"  # the overlay's patch
    assert any(m["mountPath"] == "/tmp" for m in api["volumeMounts"])  # the one writable place
    config = _one(resources, "ConfigMap")["data"]
    assert config["SHG_MIGRATE_ON_START"] == "false"  # the Job migrates, replicas wait
    assert config["SHG_DEMO_DATA"] == "false"
    assert config["SHG_TRACING"] == "true"  # the overlay's ConfigMap patch
    assert _one(resources, "Job")["spec"]["template"]["spec"]["containers"][0]["args"] == [
        "migrate"
    ]
    cron = _one(resources, "CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert cron["containers"][0]["args"] == ["retention", "run"]
    assert _one(resources, "HorizontalPodAutoscaler")["spec"]["minReplicas"] >= 2


def test_metrics_stay_off_the_public_ingress() -> None:
    resources = build(KUBE / "production")
    ingress = _one(resources, "Ingress")
    paths = [p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert paths == ["/graphql"]
    config = _one(resources, "ConfigMap")["data"]
    assert config["SHG_METRICS_PORT"] == "9100"  # /metrics not on the API's port at all
    policy = _one(resources, "NetworkPolicy")
    ports = {
        (
            p["port"],
            rule["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"],
        )
        for rule in policy["spec"]["ingress"]
        for p in rule["ports"]
    }
    assert ports == {(8000, "ingress-nginx"), (9100, "monitoring")}


def test_every_setting_has_its_configmap_entry_or_secret_ref(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    resources = build(KUBE / "base")
    config = _one(resources, "ConfigMap")["data"]
    (api,) = _one(resources, "Deployment")["spec"]["template"]["spec"]["containers"]
    refs = {
        e["name"]: e["valueFrom"]["secretKeyRef"]["key"] for e in api["env"] if "valueFrom" in e
    }
    for name, key in SECRET.items():
        assert refs[f"SHG_{name.upper()}"] == key
    missing = [
        f"SHG_{name.upper()}"
        for name in Settings.model_fields
        if f"SHG_{name.upper()}" not in config
        and name not in SECRET
        and name not in NOT_IN_CONFIGMAP
    ]
    assert not missing, f"add to deploy/kubernetes/base/configmap.yaml: {missing}"
    for name, value in config.items():  # as the pod reads them: valid, every one
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SHG_DATABASE_URL", "postgresql://shg@db/selbsthilfe")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.environment == "production" and settings.metrics_port == 9100


def _stages(dockerfile: str) -> list[tuple[str, list[str]]]:
    stages: list[tuple[str, list[str]]] = []
    for line in re.sub(r"\\\n", " ", dockerfile).splitlines():
        line = line.strip()
        if line.upper().startswith("FROM "):
            stages.append((line, []))
        elif stages and line and not line.startswith("#"):
            stages[-1][1].append(line)
    return stages


def test_the_dockerfile_builds_a_small_non_root_image() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    stages = _stages(text)
    assert [s[0].split()[-1] for s in stages] == ["build", "runtime"]
    build_stage, runtime = stages[0][1], stages[1][1]
    assert any("python -m build --wheel" in line for line in build_stage)  # the project's wheel
    assert "COPY --from=build /opt/shg /opt/shg" in runtime
    assert not any(
        re.search(r"\b(gcc|build-essential|apt-get install|pip install)\b", line)
        for line in runtime
    )
    assert any(re.fullmatch(r"USER 10001:10001", line) for line in runtime)
    assert any(line.startswith("HEALTHCHECK") for line in runtime)
    assert any("/healthz" in line for line in runtime)
    assert 'ENTRYPOINT ["shg"]' in runtime and 'CMD ["serve"]' in runtime
    assert any("SHG_MIGRATE_ON_START=false" in line for line in runtime)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "var", ".git"} <= set(ignored)  # no secrets or local data in the context
