"""Ray's own schema judging a serveConfigV2, at the Ray version of the venv it runs in.

What it judges (the checks Ray itself makes when KubeRay submits serveConfigV2):
  1. the whole config with ray.serve.schema.ServeDeploySchema (what the dashboard's
     PUT /api/serve/applications/ parses);
  2. for each application whose import_path is the Serve LLM builder
     (ray.serve.llm:build_openai_app), its `args` with Ray's LLMServingArgs, which
     validates every entry of llm_configs with Ray's LLMConfig (what build_openai_app
     does first). Unknown or mistyped fields fail with Ray's (pydantic's) own message.

Ray imports vLLM only for serving (the OpenAI ingress and the engine); the config classes
judge without it. So that this runs without vLLM, torch or a GPU, the `vllm` package is
replaced by placeholders while Ray's modules load (see _VllmPlaceholders); no vLLM code
takes part in validating. What vLLM alone would judge (engine_kwargs' keys) is NOT judged.

Interface:
  as a module (run with the venv's python):
      from serve_check import check
      check(config) -> list[str]   # config: YAML text or parsed dict; [] = accepted,
                                   # else Ray's messages, each prefixed by where it applies
  as a program:
      python serve_check.py < serve.yaml
          one config (YAML or JSON) on stdin; exit 0 when accepted, else exit 1 with
          Ray's messages on stderr.
      python serve_check.py --many < configs.json
          a JSON list of {"name": ..., "serveConfigV2": <YAML text or object>} on stdin;
          prints one JSON object {"rayVersion": ..., "results": {name: [messages]}} on
          stdout; exit 0 when every config is accepted, else 1.
      python serve_check.py --version
          prints the Ray version of this venv.

Installed per Ray version by scripts/real/install-python.sh; used by test/ray-serve-schema.test.ts.
"""

import importlib.abc
import importlib.machinery
import json
import sys
import types

LLM_BUILDER_IMPORT_PATHS = ("ray.serve.llm:build_openai_app", "ray.serve.llm.build_openai_app")


class _Placeholder(type):
    """A class standing for any name imported from vllm: subclassable, callable, indexable."""

    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Placeholder(name, (), {})

    def __call__(cls, *args, **kwargs):
        return _Placeholder("called", (), {})

    def __getitem__(cls, item):
        return cls

    def __or__(cls, other):
        return cls

    def __ror__(cls, other):
        return cls


class _PlaceholderModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Placeholder(name, (), {})


class _VllmPlaceholders(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers `import vllm...` with placeholder modules, only when vllm is not installed."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "vllm" or fullname.startswith("vllm."):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _PlaceholderModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


def _load_ray_classes():
    import importlib.util

    import logging

    if importlib.util.find_spec("vllm") is None:
        sys.meta_path.append(_VllmPlaceholders())
    logging.disable(logging.WARNING)  # Ray warns at import that torch/transformers are absent
    try:
        from ray.serve.schema import ServeDeploySchema
        from ray.serve.llm import LLMServingArgs
    finally:
        logging.disable(logging.NOTSET)
    return ServeDeploySchema, LLMServingArgs


def _parse(config):
    if isinstance(config, dict):
        return config
    import yaml

    parsed = yaml.safe_load(config)
    if not isinstance(parsed, dict):
        raise ValueError("serveConfigV2 is not a mapping")
    return parsed


def check(config):
    """Ray's messages for one serveConfigV2 (YAML text or dict); [] when Ray accepts it."""
    serve_deploy_schema, llm_serving_args = _load_ray_classes()
    try:
        parsed = _parse(config)
    except Exception as error:  # YAML errors are reported as they are
        return [f"serveConfigV2: {error}"]
    messages = []
    try:
        if hasattr(serve_deploy_schema, "model_validate"):  # pydantic v2 models (Ray >= 2.5x)
            serve_deploy_schema.model_validate(parsed)
        else:
            serve_deploy_schema.parse_obj(parsed)
    except Exception as error:
        messages.append(f"ServeDeploySchema: {error}")
    for index, app in enumerate(parsed.get("applications") or []):
        if not isinstance(app, dict) or app.get("import_path") not in LLM_BUILDER_IMPORT_PATHS:
            continue
        where = f"applications[{index}] ({app.get('name', '?')}).args"
        try:
            llm_serving_args.model_validate(app.get("args") or {})
        except Exception as error:
            messages.append(f"{where}: {error}")
    return messages


def _ray_version():
    import ray

    return ray.__version__


def _main(argv):
    if "--version" in argv:
        print(_ray_version())
        return 0
    text = sys.stdin.read()
    if "--many" in argv:
        entries = json.loads(text)
        results = {entry["name"]: check(entry["serveConfigV2"]) for entry in entries}
        json.dump({"rayVersion": _ray_version(), "results": results}, sys.stdout)
        sys.stdout.write("\n")
        return 0 if all(not m for m in results.values()) else 1
    messages = check(text)
    for message in messages:
        print(message, file=sys.stderr)
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
