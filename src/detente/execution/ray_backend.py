"""Run tasks on Ray: a local Ray by default, or an existing cluster at ``address``.

Ray is an optional dependency (``pip install 'detente[ray]'``). Results are
identical to the local backends because every task carries its own seeds
(see :mod:`detente.analysis.simulate`).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence


class RayExecutor:
    """Tasks as Ray remote functions; ``workers`` CPUs for a local Ray (all cores by default)."""

    def __init__(self, workers: int | None = None, address: str | None = None):
        try:
            import ray
        except ImportError:  # pragma: no cover - depends on the installation
            raise ValueError("the Ray backend needs Ray: pip install 'detente[ray]'") from None
        self._ray = ray
        if not ray.is_initialized():
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                         configure_logging=False)
        self.workers = int(ray.available_resources().get("CPU", workers or 1)) if workers is None else workers

    def map(self, fn: Callable, tasks: Sequence[Any], progress: Callable[[Any], None] | None = None) -> list[Any]:
        ray = self._ray
        remote = ray.remote(num_cpus=1)(fn)
        refs = [remote.remote(task) for task in tasks]
        index = {ref: k for k, ref in enumerate(refs)}
        results: list[Any] = [None] * len(refs)
        pending = list(refs)
        try:
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                for ref in done:
                    results[index[ref]] = ray.get(ref)
                    if progress:
                        progress(results[index[ref]])
        except BaseException:
            for ref in pending:
                ray.cancel(ref, force=True)
            raise
        return results

    @staticmethod
    def shutdown() -> None:
        import ray

        ray.shutdown()
