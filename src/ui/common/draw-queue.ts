// Charts drawn one per task: an overview of five charts redrawn together would otherwise hold the page's main
// thread for the sum of their drawing times; queued, each is its own task and the page answers in between.

interface Entry {
  job: () => void;
  isCancelled: boolean;
}

const queue: Entry[] = [];
let isScheduled = false;

function schedule(): void {
  if (isScheduled || queue.length === 0) return;
  isScheduled = true;
  setTimeout(runNext, 0);
}

function runNext(): void {
  isScheduled = false;
  let entry = queue.shift();
  while (entry?.isCancelled) entry = queue.shift();
  try {
    entry?.job();
  } finally {
    schedule();
  }
}

/** Runs `job` in a task of its own, after the jobs queued before it; returns the function that cancels it. */
export function queueDraw(job: () => void): () => void {
  const entry: Entry = { job, isCancelled: false };
  queue.push(entry);
  schedule();
  return () => {
    entry.isCancelled = true;
  };
}
