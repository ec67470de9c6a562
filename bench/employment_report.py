"""The Markdown table of bench/employment.py's results (docs/benchmarks.md, the employment
sections): kept apart from the measuring so that each module reads in one sitting."""


def _ratio(a, b) -> str:
    return f"{b / a:.2f}" if a else "–"


def markdown(results):
    small_key, large_key = list(results["rounds"])
    small, large = results["rounds"][small_key], results["rounds"][large_key]
    out = [
        f"Employers / postings in the database: {small['employers_in_database']:,} / "
        f"{small['postings_in_database']:,} (N={small_key}) → {large['employers_in_database']:,}"
        f" / {large['postings_in_database']:,} (N={large_key}).",
        "Load average (1 min) after each round: "
        + "; ".join(
            f"N={key}: " + ", ".join(f"{r['load_average'][0]:.1f}" for r in round_["repeats"])
            for key, round_ in ((small_key, small), (large_key, large))
            if "repeats" in round_
        )
        + ".",
        "",
    ]
    head = (
        f"| {{}} | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 "
        f"| p95 N={large_key} / N={small_key} | queries N={small_key} → N={large_key} |"
    )
    board_small, board_large = small["board"], large["board"]
    if "not_measured" in board_small or "not_measured" in board_large:
        why = board_small.get("not_measured") or board_large.get("not_measured")
        out += [f"Job board: not measured ({why}).", ""]
    else:
        pages_small, pages_large = board_small["pages"], board_large["pages"]
        if "not_measured" in pages_small or "not_measured" in pages_large:
            why = pages_small.get("not_measured") or pages_large.get("not_measured")
            out += [f"Job board page: not measured ({why}).", ""]
        else:
            out += [
                "### Public job board (never cached)",
                "",
                head.format("page"),
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for name in pages_small:
                a, b = pages_small[name], pages_large[name]
                out.append(
                    f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms | "
                    f"{b['p95_ms']} ms | {_ratio(a['p95_ms'], b['p95_ms'])} | "
                    f"{a['queries']} → {b['queries']} |"
                )
            out.append("")
        out += [
            "### public_postings (Kumamoto): first page of 20 and the count",
            "",
            head.format("filters (results)"),
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in board_small["selector"]:
            a, b = board_small["selector"][name], board_large["selector"][name]
            out.append(
                f"| {name} ({a['results']} → {b['results']}) | {a['p50_ms']} ms | {a['p95_ms']} ms "
                f"| {b['p50_ms']} ms | {b['p95_ms']} ms | {_ratio(a['p95_ms'], b['p95_ms'])} | "
                f"{a['queries']} → {b['queries']} |"
            )
        out += [
            "",
            "The database's own time for the first page's SQL (raw cursor p95, EXPLAIN execution p95): "
            + "; ".join(
                f"{name}: {board_small['selector'][name]['database']['raw_cursor']['p95_ms']} → "
                f"{board_large['selector'][name]['database']['raw_cursor']['p95_ms']} ms, "
                f"{board_small['selector'][name]['database']['explain_execution_p95_ms']} → "
                f"{board_large['selector'][name]['database']['explain_execution_p95_ms']} ms"
                for name in board_small["selector"]
            )
            + ".",
            "",
        ]
    out += [
        "### Matching one seeker: match(seeker, limit=20)",
        "",
        "| body (open postings) | N | passing the hard filters | p50 | p95 | max | queries | SQL raw cursor p95 | EXPLAIN execution p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, round_ in ((small_key, small), (large_key, large)):
        for body, m in round_["matching"].items():
            if "not_measured" in m:
                out.append(f"| {body} | {key} | not measured: {m['not_measured']} | | | | | | |")
                continue
            db = m.get("database", {})
            out.append(
                f"| {body} ({m['open_postings']:,}) | {key} | {m.get('passing_hard_filters', 0):,} | "
                f"{m['p50_ms']} ms | {m['p95_ms']} ms | {m['max_ms']} ms | {m['queries']} | "
                f"{db.get('raw_cursor', {}).get('p95_ms', '–')} ms | "
                f"{db.get('explain_execution_p95_ms', '–')} ms |"
            )
    out += [
        "",
        "### Magazine PDF: render_issue_pdf(issue)",
        "",
        "| N | postings | pages | size | p50 | p95 | max | font embedded |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, round_ in ((small_key, small), (large_key, large)):
        p = round_["pdf"]
        if "not_measured" in p:
            out.append(f"| {key} | not measured: {p['not_measured']} | | | | | | |")
            continue
        out.append(
            f"| {key} | {p['postings']} | {p['pages'] or '–'} | {p['bytes'] // 1024} KiB | "
            f"{p['p50_ms']} ms | {p['p95_ms']} ms | {p['max_ms']} ms | {p['font_embedded']} |"
        )
    large_match = large["matching"].get("large body", {})
    if "database" in large_match:
        out += ["", f"Plan of the matching SQL in the large body at N={large_key}:", "", "```"]
        out += [large_match["database"]["plan"], "```"]
    return "\n".join(out)
