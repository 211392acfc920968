"""How varnishd runs in front of the API: one command line for every place that
starts it (a deployment, as the VCL's header shows; the live tests; the
benchmark), so the parameters the VCL needs are never set in one and missed
in another."""

from __future__ import annotations

from pathlib import Path

VCL = Path(__file__).with_name("varnish.vcl")
# A listing of 100 full pages carries a few hundred tags in its `xkey`
# header: larger than Varnish's default 8 KiB header line.
PARAMETERS = (
    "http_resp_hdr_len=65536",
    "http_resp_size=131072",
    "workspace_backend=256k",
)


def vcl_for(backend_port: int) -> str:
    """The repository's VCL with the app on `backend_port` of this host."""
    text = VCL.read_text()
    if '.port = "8000";' not in text:
        raise ValueError("varnish.vcl no longer names the backend port 8000")
    return text.replace('.port = "8000";', f'.port = "{backend_port}";')


def command(
    *, vcl: Path, listen: str, workdir: Path, storage: str = "malloc,256m"
) -> list[str]:
    """varnishd in the foreground, without privilege separation (its files are
    the caller's) or a management port."""
    parameters = [arg for value in PARAMETERS for arg in ("-p", value)]
    return [
        "varnishd",
        "-F",
        "-j",
        "none",
        "-n",
        str(workdir),
        "-a",
        listen,
        "-T",
        "none",
        "-f",
        str(vcl),
        "-s",
        storage,
        *parameters,
    ]
