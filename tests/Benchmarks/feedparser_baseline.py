#!/usr/bin/env python3
"""Reference figure for `newswatch bench feeds DIR`: Python's feedparser over the same files.

Parses every feed file in DIR repeatedly in memory, one worker process per core, and prints
its last line in the same form as the .NET benchmark: `items/s N MB/s M`.
Needs Debian's python3-feedparser (apt-get install python3-feedparser); run with /usr/bin/python3.
"""
import multiprocessing
import os
import sys
import time

import feedparser

EXTENSIONS = (".xml", ".rss", ".atom", ".rdf", ".feed")


def load(directory):
    files = []
    for root, _, names in os.walk(directory):
        for name in sorted(names):
            if name.lower().endswith(EXTENSIONS):
                with open(os.path.join(root, name), "rb") as handle:
                    files.append(handle.read())
    return files


def worker(files, seconds, result):
    passes = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for body in files:
            feedparser.parse(body)
        passes += 1
    result.put(passes)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--workers")]
    workers = os.cpu_count() or 1
    for i, a in enumerate(sys.argv):
        if a == "--workers" and i + 1 < len(sys.argv):
            workers = int(sys.argv[i + 1])
            args.remove(sys.argv[i + 1])
    if not args:
        sys.exit("usage: feedparser_baseline.py DIR [SECONDS] [--workers N]")
    seconds = float(args[1]) if len(args) > 1 else 10.0
    files = load(args[0])
    items = sum(len(feedparser.parse(body).entries) for body in files)
    size = sum(len(body) for body in files)
    print(f"{len(files)} feeds, {items} items, {size / 1048576:.2f} MB per pass; {workers} workers, {seconds:g}s")

    result = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=worker, args=(files, seconds, result)) for _ in range(workers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    passes = sum(result.get() for _ in processes)
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    print(f"{passes} passes in {elapsed:.2f}s")
    print(f"items/s {passes * items / elapsed:.0f} MB/s {passes * size / 1048576 / elapsed:.1f}")


if __name__ == "__main__":
    main()
