"""Dump how pip itself reads a requirements file (and every -r / -c file it reaches) as JSON.

Usage: python pip-parse.py FILE
Prints a list with one entry per logical line pip acts on, in pip's order:
  {"file", "line", "kind": "requirement", "name", "specifier", "extras", "marker", "link",
   "editable", "constraint", "hashes", "req"}
  {"file", "line", "kind": "options", "index_url", "extra_index_urls", "find_links", "pre", ...}
Uses pip's internal parser on purpose: the point is to check our files the way pip reads them.
"""

import json
import sys

from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import (
    RequirementsFileParser,
    get_line_parser,
    handle_requirement_line,
)


def dump_requirement(line):
    ireq = install_req_from_parsed_requirement(handle_requirement_line(line))
    return {
        "kind": "requirement",
        "name": ireq.name,
        "specifier": str(ireq.specifier),
        "extras": sorted(ireq.extras),
        "marker": str(ireq.markers) if ireq.markers else None,
        "link": ireq.link.url if ireq.link else None,
        "editable": bool(ireq.editable),
        "constraint": bool(ireq.constraint),
        "hashes": ireq.hash_options,
        "req": str(ireq.req) if ireq.req else None,
    }


def dump_options(opts):
    return {
        "kind": "options",
        "index_url": opts.index_url,
        "extra_index_urls": opts.extra_index_urls or [],
        "find_links": opts.find_links or [],
        "trusted_hosts": opts.trusted_hosts or [],
        "pre": bool(opts.pre),
        "prefer_binary": bool(opts.prefer_binary),
        "require_hashes": bool(opts.require_hashes),
    }


def main(path):
    parser = RequirementsFileParser(PipSession(), get_line_parser(None))
    out = []
    for line in parser.parse(path, constraint=False):
        # pip 24+ dropped ParsedLine.is_requirement; a line is a requirement when it names one.
        is_requirement = getattr(line, "is_requirement", line.requirement is not None)
        entry = dump_requirement(line) if is_requirement else dump_options(line.opts)
        out.append({"file": line.filename, "line": line.lineno, **entry})
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
