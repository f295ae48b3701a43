"""The plan workbook: a whole plan in Excel, out and back in (docs/plan-workbook.md).

``sheets`` describes the sheets once; ``export`` writes a plan or the empty template;
``importer`` reads a workbook, checks every cell and saves it through the plan builder's
services, all or nothing.
"""
