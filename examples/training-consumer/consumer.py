"""
Rankwise training consumer, Python edition: the same steps as src/process-training-job.ts, with a
real TRL RewardTrainer where the TypeScript example only simulates training.

NOT EXECUTED by Rankwise's tests (no GPU, no Python toolchain there): read it as a starting point.

    pip install bullmq requests datasets trl transformers torch
    RANKWISE_TOKEN=rw_... REDIS_URL=redis://127.0.0.1:6379 QUEUE_PREFIX=rankwise \
    BASE_MODEL=Qwen/Qwen3-0.6B python consumer.py

APIs used (checked against the sources; pin the versions you run):
- bullmq (PyPI, taskforcesh/bullmq python/): Worker(name, async processor(job, token), {"connection": url,
  "prefix": ..., "concurrency": ...}); raising UnrecoverableError fails the job without retrying it.
- trl: RewardTrainer(model=<model id or model>, args=RewardConfig(...), train_dataset=..., eval_dataset=...)
  (huggingface/trl trl/trainer/reward_trainer.py); it accepts preference rows prompt/chosen/rejected,
  conversational or plain text, and an optional `margin` column (docs/source/reward_trainer.md).
"""

import asyncio
import gzip
import hashlib
import os
import signal
from pathlib import Path

import requests
from bullmq import UnrecoverableError, Worker

TOKEN = os.environ["RANKWISE_TOKEN"]  # API token of an ENGINEER: downloads and events need it
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379")
PREFIX = os.environ.get("QUEUE_PREFIX", "rankwise")  # must match the API's QUEUE_PREFIX
QUEUE = os.environ.get("TRAINING_QUEUE", "reward-model-training")
WORK_DIR = Path(os.environ.get("WORK_DIR", "/tmp/rankwise-training"))
BASE_MODEL = os.environ.get("BASE_MODEL", "Qwen/Qwen3-0.6B")
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def report(job_data: dict, **event) -> None:
    """POST one event (status / step / metrics / message / trainer) to the run's eventsUrl."""
    res = requests.post(job_data["eventsUrl"], json=event, headers=AUTH, timeout=30)
    res.raise_for_status()  # 409: the run already ended (or would go backwards); 400: bad body


def manifest_files(job_data: dict) -> list[dict]:
    """The manifest's files list (manifest.json has `files`; older exports send the list itself)."""
    m = job_data["manifest"]
    if isinstance(m, list):
        return m
    return m.get("files") or job_data["files"]


def download_and_verify(job_data: dict, run_dir: Path) -> dict[str, Path]:
    expected = manifest_files(job_data)
    paths = {}
    for f in job_data["files"]:
        dest = run_dir / Path(f["name"]).name
        sha = hashlib.sha256()
        with requests.get(f["url"], headers=AUTH, stream=True, timeout=60) as res:
            res.raise_for_status()
            with open(f"{dest}.part", "wb") as out:
                for chunk in res.iter_content(1 << 20):
                    sha.update(chunk)
                    out.write(chunk)
        os.replace(f"{dest}.part", dest)
        opener = gzip.open if dest.suffix == ".gz" else open
        with opener(dest, "rb") as fh:
            rows = sum(1 for line in fh if line.strip())
        want = next((e for e in expected if e.get("split") == f["split"]), f)
        if sha.hexdigest() != want["sha256"] or rows != want["rows"]:
            raise UnrecoverableError(f"{f['name']}: sha256/rows {sha.hexdigest()}/{rows} != manifest {want['sha256']}/{want['rows']}")
        paths[f["split"]] = dest
    return paths


def train(job_data: dict, paths: dict[str, Path]) -> dict:
    """Blocking: runs in a thread so the asyncio loop keeps renewing the BullMQ job lock."""
    from datasets import load_dataset
    from transformers import TrainerCallback
    from trl import RewardConfig, RewardTrainer

    # trl-preference rows are prompt/chosen/rejected (conversational by default), which is exactly
    # RewardTrainer's preference format; a `margin` column (spec.includeMargin) is used by its loss.
    data_files = {split: str(p) for split, p in paths.items()}
    dataset = load_dataset("json", data_files=data_files)

    class ReportToRankwise(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            metrics = {k: float(v) for k, v in (logs or {}).items() if isinstance(v, (int, float))}
            # RewardTrainer logs `accuracy`; Rankwise dashboards read `reward_accuracy`.
            if "accuracy" in metrics:
                metrics["reward_accuracy"] = metrics["accuracy"]
            report(job_data, step=state.global_step, metrics=metrics)

    trainer = RewardTrainer(
        model=BASE_MODEL,  # loaded with AutoModelForSequenceClassification (num_labels=1)
        args=RewardConfig(
            output_dir=str(WORK_DIR / job_data["trainingRunId"] / "model"),
            num_train_epochs=1,
            per_device_train_batch_size=8,
            max_length=2048,
            logging_steps=10,
            center_rewards_coefficient=0.01,
            report_to="none",
        ),
        train_dataset=dataset["train"],
        eval_dataset=dataset["test"] if "test" in dataset else None,
        callbacks=[ReportToRankwise()],
    )
    result = trainer.train()
    final = {"loss": float(result.training_loss)}
    if "test" in dataset:
        final.update({k: float(v) for k, v in trainer.evaluate().items() if isinstance(v, (int, float))})
    trainer.save_model()
    return final


async def process(job, token):
    data = job.data
    if data.get("v") != 1:
        raise UnrecoverableError(f"unknown training job version {data.get('v')}")
    run_dir = WORK_DIR / data["trainingRunId"]
    run_dir.mkdir(parents=True, exist_ok=True)
    try:
        paths = await asyncio.to_thread(download_and_verify, data, run_dir)
    except Exception as err:
        report(data, status="FAILED", message=f"download/verification failed: {err}")
        raise UnrecoverableError(str(err))
    report(data, status="RUNNING", trainer=f"trl RewardTrainer on {os.uname().nodename}", step=0)
    try:
        metrics = await asyncio.to_thread(train, data, paths)
    except Exception as err:
        report(data, status="FAILED", message=str(err)[:2000])
        raise UnrecoverableError(str(err))
    report(data, status="SUCCEEDED", metrics=metrics, message="training finished")
    return metrics


async def main():
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    worker = Worker(QUEUE, process, {"connection": REDIS_URL, "prefix": PREFIX, "concurrency": 1})
    await stop.wait()
    await worker.close()


if __name__ == "__main__":
    asyncio.run(main())
