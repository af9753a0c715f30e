from benchmarks.coach_report import evaluate
def evaluate_without_family(krs, objectives, family):
    return evaluate([r for r in krs if r["family"] == family], [r for r in objectives if r["family"] == family])[0]
