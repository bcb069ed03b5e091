#!/usr/bin/env python3
"""Validate heldout50.jsonl and print its counts: the writer's check.py was heldout27_check.py with the set's name
changed (HELDOUT-BRIEF.md), so this runs that one on this set."""
import os, runpy, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.argv = [sys.argv[0], sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'heldout50.jsonl')]
runpy.run_path(os.path.join(here, 'heldout27_check.py'), run_name='__main__')
