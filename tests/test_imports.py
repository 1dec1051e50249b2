import subprocess
import sys


def test_import_winnow_is_light():
    code = (
        "import sys, winnow; heavy = [m for m in ('pyarrow', 'trafilatura', 'fasttext', "
        "'numpy', 'fastwarc', 'resiliparse') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_resolve():
    import winnow

    for name in winnow.__all__:
        assert getattr(winnow, name) is not None
    assert winnow.__all__ == sorted(winnow.__all__)
