"""Moving plans in and out of Vonk: the versioned assessment JSON file."""

from exchange.assessment_file import (
    FORMAT,
    MAX_IMPORT_BYTES,
    VERSION,
    AssessmentFile,
    ImportProblem,
    ImportResult,
    describe,
    export_json,
    import_json,
    json_schema,
    read_assessment,
    size_problem,
)

__all__ = ["FORMAT", "MAX_IMPORT_BYTES", "VERSION", "AssessmentFile", "ImportProblem",
           "ImportResult", "describe", "export_json", "import_json", "json_schema",
           "read_assessment", "size_problem"]
