"""Mail the worker cannot send, against the production stack of .ci/run: `manage.py rqworker --with-scheduler`
tries it again after each of MAIL_RETRY_INTERVALS, keeps it as a failed job that /metrics shows after the last
try, and sends it once an operator requeues it with the mail server back. Prints what it checked; exits 1 if
anything failed.

    python .ci/mail_retry.py queue                      # queue a mail; prints the task id
    python .ci/mail_retry.py failed ID TRIES WEB_URL    # after the worker ran out of tries
    python .ci/mail_retry.py sent ID MAIL_DIR           # after `rq requeue` and a worker with a mail server
"""

import os
import pathlib
import sys
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # the repository: config, core...

ADDRESS = "mail-retry@example.org"
failures = 0


def check(what, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {what}{'' if ok else f'  ({detail})'}")
    failures += 0 if ok else 1


def main():
    import django

    django.setup()
    import django_rq

    from accounts.tasks import email_send
    from core.mail import mail_queue

    queue = django_rq.get_queue("default")
    mode = sys.argv[1]
    if mode == "queue":
        result = mail_queue(
            email_send, what="the CI's mail", subject="Civic", body="A mail to retry.", to=[ADDRESS]
        )
        print(result.id)
        return
    job = queue.fetch_job(sys.argv[2])
    if mode == "failed":
        tries, web = int(sys.argv[3]), sys.argv[4]
        exceptions = job.meta.get("_django_tasks_rq_exceptions", []) if job else []
        check(
            f"the mail was tried {tries} times, then kept in the failed-job registry",
            job is not None
            and job.id in queue.failed_job_registry.get_job_ids()
            and len(exceptions) == tries,
            f"{job and job.get_status()} after {len(exceptions)} tries",
        )
        request = urllib.request.Request(  # noqa: S310 - our own server
            f"{web}/metrics", headers={"Authorization": f"Bearer {os.environ['METRICS_TOKEN']}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body = response.read().decode()
        check(
            "/metrics shows the failed job",
            'civic_task_queue_failed{queue="default"} 1.0' in body,
            [line for line in body.splitlines() if "civic_task_queue_failed" in line],
        )
    elif mode == "sent":
        mail_dir = pathlib.Path(sys.argv[3])
        sent = [p for p in mail_dir.glob("*.log") if ADDRESS in p.read_text(errors="replace")]
        check("requeued with the mail server back, the mail went out", len(sent) == 1, len(sent))
        check(
            "and the failed-job registry is empty again",
            job is not None and job.get_status() == "finished" and queue.failed_job_registry.count == 0,
            job and job.get_status(),
        )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
