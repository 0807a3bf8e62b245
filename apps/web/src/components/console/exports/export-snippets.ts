import type { TExport } from "@rankwise/shared";

/**
 * Copy-paste code for a completed export: curl per split (with a checksum check), Python that
 * downloads the splits and loads them with 🤗 datasets, and a trainer hint for the format.
 * The token is read from RANKWISE_TOKEN so the snippet can be pasted anywhere.
 */
export type TSnippets = { curl: string; python: string; trainer: string };

function pyList(values: string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

export function exportSnippets(exp: TExport, origin: string): TSnippets {
  const base = `${origin}/api/v1/exports/${exp.id}`;
  const files = exp.files;
  const curl = [
    "# An API token from Settings → API tokens",
    "export RANKWISE_TOKEN=rw_…",
    "",
    ...files.flatMap((f) => [
      `curl -fL -H "Authorization: Bearer $RANKWISE_TOKEN" \\`,
      `  -o ${f.name} "${base}/download?split=${f.split}"`,
      `echo "${f.sha256}  ${f.name}" | sha256sum -c -`,
    ]),
    "",
    "# Everything about the export: spec, counts, checksums",
    `curl -fL -H "Authorization: Bearer $RANKWISE_TOKEN" "${base}/manifest"`,
  ].join("\n");

  const python = [
    "import os",
    "import requests",
    "from datasets import load_dataset",
    "",
    `BASE = "${base}"`,
    'HEADERS = {"Authorization": f"Bearer {os.environ[\'RANKWISE_TOKEN\']}"}',
    "",
    "data_files = {}",
    `for split, name in [${files.map((f) => `(${pyList([f.split, f.name])})`).join(", ")}]:`,
    '    with requests.get(f"{BASE}/download", params={"split": split}, headers=HEADERS, stream=True, timeout=60) as r:',
    "        r.raise_for_status()",
    '        with open(name, "wb") as out:',
    "            for chunk in r.iter_content(1 << 20):",
    "                out.write(chunk)",
    "    data_files[split] = name",
    "",
    'ds = load_dataset("json", data_files=data_files)',
    "print(ds)",
  ].join("\n");

  return { curl, python, trainer: trainerHint(exp) };
}

function trainerHint(exp: TExport): string {
  const { spec } = exp;
  const hasTest = exp.files.some((f) => f.split === "test");
  const evalLine = hasTest ? '    eval_dataset=ds["test"],' : "    # eval_dataset=…  (this export has no test split)";
  switch (spec.format) {
    case "trl-preference":
    case "hh-rlhf":
      return [
        "# Reward model with TRL (pip install trl)",
        "from transformers import AutoModelForSequenceClassification, AutoTokenizer",
        "from trl import RewardConfig, RewardTrainer",
        "",
        'model_id = "Qwen/Qwen2.5-0.5B-Instruct"',
        "tokenizer = AutoTokenizer.from_pretrained(model_id)",
        "model = AutoModelForSequenceClassification.from_pretrained(model_id, num_labels=1)",
        "",
        "trainer = RewardTrainer(",
        "    model=model,",
        '    args=RewardConfig(output_dir="reward-model", per_device_train_batch_size=8),',
        "    processing_class=tokenizer,",
        '    train_dataset=ds["train"],',
        evalLine,
        ")",
        "trainer.train()",
        ...(spec.format === "trl-preference" && spec.prompt === "explicit"
          ? ["", "# Older TRL releases want the prompt inside chosen/rejected: export with Prompt = inside chosen/rejected."]
          : []),
        ...(spec.includeMargin ? ["# The margin column is used by RewardTrainer's loss when present."] : []),
      ].join("\n");
    case "trl-unpaired":
      return [
        "# Unpaired preferences (label true/false) with TRL's KTOTrainer",
        "from transformers import AutoModelForCausalLM, AutoTokenizer",
        "from trl import KTOConfig, KTOTrainer",
        "",
        'model_id = "Qwen/Qwen2.5-0.5B-Instruct"',
        "model = AutoModelForCausalLM.from_pretrained(model_id)",
        "tokenizer = AutoTokenizer.from_pretrained(model_id)",
        'trainer = KTOTrainer(model=model, args=KTOConfig(output_dir="kto-model"), processing_class=tokenizer, train_dataset=ds["train"])',
        "trainer.train()",
      ].join("\n");
    case "trl-stepwise":
      return [
        "# Process reward model with TRL's PRMTrainer",
        "from transformers import AutoModelForTokenClassification, AutoTokenizer",
        "from trl import PRMConfig, PRMTrainer",
        "",
        'model_id = "Qwen/Qwen2.5-0.5B-Instruct"',
        "model = AutoModelForTokenClassification.from_pretrained(model_id, num_labels=2)",
        "tokenizer = AutoTokenizer.from_pretrained(model_id)",
        'trainer = PRMTrainer(model=model, args=PRMConfig(output_dir="prm-model"), processing_class=tokenizer, train_dataset=ds["train"])',
        "trainer.train()",
      ].join("\n");
    case "openrlhf": {
      const train = exp.files.find((f) => f.split === "train")?.name ?? "train.jsonl";
      return [
        "# Reward model with OpenRLHF (keys as exported)",
        "deepspeed --module openrlhf.cli.train_rm \\",
        "  --pretrain Qwen/Qwen2.5-0.5B-Instruct \\",
        `  --dataset ./${train} \\`,
        `  --prompt_key ${spec.keys.prompt} --chosen_key ${spec.keys.chosen} --rejected_key ${spec.keys.rejected} \\`,
        ...(spec.style === "conversational" ? ["  --apply_chat_template \\"] : []),
        "  --save_path ./reward-model",
      ].join("\n");
    }
    default:
      return `# ${spec.format} rows are Rankwise's own shape (see docs/exports.md); load them with the Python snippet and feed your pipeline.`;
  }
}
