"""Real concurrency for the PostgreSQL tests: threads released at the same instant, each on its own connection."""

import threading

from django.db import connections


def run_together(work, n):
    """Start n threads at the same instant; each gets its own database connection. Returns what each call of
    `work(i)` returned, or the exception it raised (the test asserts on every thread's result)."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
