"""The pictures in docs/screenshots are the ones ``make screenshots`` takes: each named after its
laptop, none larger than that laptop's screen, every screen on all three; and every picture the
README shows exists (issue 20)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess

from tests.places import ROOT

SHOTS = ROOT / "docs" / "screenshots"
SIZED = re.compile(r"^(?P<screen>.+)_(?P<width>\d+)x(?P<height>\d+)_(?P<scale>\d+)\.png$")


def _laptops() -> set[str]:
    """``1366x768_125``… for each screen ``make screenshots`` shoots (read from the Makefile)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {f"{size}_{round(float(scale) * 100)}"
            for size, scale in re.findall(r'"(\d+x\d+) ([\d.]+)"', makefile)}


def _committed_pngs() -> list[str]:
    """The PNGs git keeps under docs/screenshots (outside a git checkout: those on disk)."""
    git = shutil.which("git")
    if git and (ROOT / ".git").exists():
        listed = subprocess.run([git, "ls-files", "-z", "--", "docs/screenshots"], cwd=ROOT,
                                capture_output=True, check=True).stdout.decode()
        return sorted(p.rsplit("/", 1)[-1] for p in listed.split("\0") if p.endswith(".png"))
    return sorted(p.name for p in SHOTS.glob("*.png"))


def _png_size(name: str) -> tuple[int, int]:
    """Width and height in device pixels, from the PNG's IHDR header."""
    head = (SHOTS / name).read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{name} não é PNG"
    return struct.unpack(">II", head[16:24])


def test_the_three_laptops_are_the_ones_the_readme_promises():
    assert _laptops() == {"1280x720_100", "1366x768_125", "1920x1080_150"}


def test_every_committed_picture_names_its_laptop_and_fits_its_screen():
    names = _committed_pngs()
    assert len(names) > 100  # every page, tab and dialog, three times
    laptops = _laptops()
    unsized = [n for n in names if not SIZED.match(n)]
    assert unsized == [], f"sem tamanho no nome: {unsized}"
    too_big = []
    for name in names:
        found = SIZED.match(name)
        width, height = int(found["width"]), int(found["height"])
        assert f"{width}x{height}_{found['scale']}" in laptops, name
        shot_width, shot_height = _png_size(name)
        if shot_width > width or shot_height > height:
            too_big.append(f"{name} {shot_width}×{shot_height}")
    assert too_big == [], f"maiores que a tela: {too_big}"


def test_every_screen_is_shot_on_all_three_laptops():
    screens: dict[str, set[str]] = {}
    for name in _committed_pngs():
        found = SIZED.match(name)
        if found:
            screens.setdefault(found["screen"], set()).add(
                f"{found['width']}x{found['height']}_{found['scale']}")
    missing = {screen: sorted(_laptops() - sizes) for screen, sizes in screens.items()
               if sizes != _laptops()}
    assert missing == {}
    for screen in ("pecas", "pecas_vazio", "condicionais", "dialogo_nova_condicional",
                   "dialogo_acertar_condicional", "dialogo_devolucao_tudo_voltou",
                   "cobrancas_malinha", "config_condicional", "config_regua_malinha",
                   "cliente_condicionais", "dialogo_cliente_email_errado", "dialogo_cliente_canal",
                   "cobrancas_canal_email", "cobrancas_canal_sms", "cobrancas_canal_ligacao"):
        assert screen in screens, screen  # issues 22, 23 and 24 asked for these


def test_every_picture_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", readme)
    links += re.findall(r"<img[^>]+src=\"([^\"]+)\"", readme)
    assert links
    missing = [link for link in links if not (ROOT / link).is_file()]
    assert missing == []
    committed = set(_committed_pngs())
    untracked = [link for link in links if link.startswith("docs/screenshots/")
                 and link.rsplit("/", 1)[-1] not in committed]
    assert untracked == []  # on disk here, but not in git: missing on GitHub
