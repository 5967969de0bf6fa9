"""durable-rules backend, with every mitigation of notes/durable_rules.md §8.

- ``QuietHost``: no timer threads (§6), actions resolved by name, run synchronously;
- the compiled dicts are deep-copied before registration (registration mutates them, §8.13);
- one ruleset per rule-set hash per process, one state (sid) per report, one C call per
  report that always drains the actions (``run_batch``, §4), ``delete_state`` afterwards (§8.9);
- the ``$end`` sentinel is asserted last and matched by a no-op rule (§8.3, §8.7);
- facts carry ``id`` = index (§8.8); return code 2 (duplicate / hash collision) is an error;
- actions catch their own exceptions (§8.11); findings are sorted (§8.15).
"""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

from ..checks.compiler import END, Compiled
from . import BackendError, Match, with_ids

_HOST: Any = None
_SIDS = itertools.count(1)


def _host() -> Any:
    global _HOST
    if _HOST is None:
        from durable import engine

        class QuietHost(engine.Host):  # type: ignore[misc, name-defined]
            """A Host without the background timer threads that steal queued actions."""

            def __init__(self) -> None:
                self.actions: dict[str, Any] = {}
                super().__init__()

            def _run(self) -> None:
                pass

            def get_action(self, action_name: str) -> Any:
                return self.actions[action_name]

        _HOST = QuietHost()
    return _HOST


def run_batch(host: Any, name: str, facts: list[dict[str, Any]]) -> int:
    """Assert all facts of one report with one C call and always drain the actions."""
    import durable_rules_engine as dre

    rs = host.get_ruleset(name)
    code, state_handle = dre.assert_facts(rs._handle, json.dumps(facts, ensure_ascii=False))
    errors: list[Any] = []
    rs.do_actions(state_handle, lambda e, s: errors.append(e) if e else None)
    if errors:
        raise BackendError(f"durable-rules action failed: {errors[0]}")
    return code


class DurableBackend:
    name = "durable"

    def __init__(self, compiled: Compiled) -> None:
        self.host = _host()
        self.ruleset_name = f"gaorpt_{compiled.hash}"
        self.matches: list[Match] = []
        self.errors: list[str] = []
        if self.ruleset_name in self.host.actions:
            return  # already registered in this process
        # registration mutates the dicts: one copy per rule, since rules may share a dict (the
        # ``when`` rule of every ``then`` of an implies); one deepcopy would keep them shared
        ruleset = {name: copy.deepcopy(rdef) for name, rdef in compiled.ruleset.items()}
        for rname, rdef in ruleset.items():
            action = f"{self.ruleset_name}:{rname}"
            self.host.actions[action] = self._noop if rname == END else self._action(rname)
            rdef["run"] = action
        self.host.actions[self.ruleset_name] = True
        self.host.register_rulesets({self.ruleset_name: ruleset})

    def _noop(self, c: Any) -> None:
        pass

    def _action(self, rname: str) -> Any:
        def act(c: Any) -> None:
            try:
                ids = tuple(sorted((alias, int(f["id"])) for alias, f in c._m.items()))
                self.matches.append((rname, ids))
            except Exception as exc:  # noqa: BLE001 - the engine would swallow it silently
                self.errors.append(f"{rname}: {exc!r}")

        return act

    def run(self, facts: list[dict[str, Any]]) -> list[Match]:
        sid = str(next(_SIDS))
        self.matches, self.errors = [], []
        batch = with_ids(facts, sid)
        try:
            code = run_batch(self.host, self.ruleset_name, batch)
        finally:
            try:
                self.host.delete_state(self.ruleset_name, sid)
            except Exception:  # noqa: BLE001, S110 - a state that was never created
                pass
        if code == 2:
            raise BackendError("durable-rules rejected a fact as a duplicate (hash collision)")
        if self.errors:
            raise BackendError(self.errors[0])
        return sorted(set(self.matches))
