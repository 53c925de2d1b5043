"""`image_id`: the rules that depend on the session's image, its configuration, and its way to the SDK."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import syncdsl
from syncdsl.config import ConfigError, load_config
from syncdsl.export import export_python
from syncdsl.sdk import from_sdk
from tests.agentbay_sdk import agentbay, sdk_session_request
from tests.fixture_format import render_diagnostics

OPT = "version: 1\nimage_id: {image}\ncontexts:\n  - context_id: SdkCtx-1\n    path: /opt/app\n"


def _config(tmp_path: Path, text: str) -> Any:
    path = tmp_path / ".syncdsl.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_writable_roots_per_image(tmp_path: Path) -> None:
    config = _config(tmp_path, '[image-writable-roots]\nimgc-custom = ["/opt", "/tmp"]\n')
    # The image's own entry replaces `writable-roots`...
    assert render_diagnostics(syncdsl.lint(OPT.format(image="imgc-custom"), config=config)) == ""
    # ...other images keep `writable-roots` (by default the documented linux_latest set).
    assert render_diagnostics(syncdsl.lint(OPT.format(image="linux_latest"), config=config)) == (
        "5:11-5:19 SD112 [warning] mount path `/opt/app` of context `SdkCtx-1` is outside the writable roots of"
        " image `linux_latest` (`/home/wuying`, `/tmp`, `/var/tmp`): the session user may not be able to create"
        ' it ("Permission denied")\n'
    )
    # A Windows image has no documented POSIX set: SD112 stays silent (SD310 speaks instead).
    assert [d.code for d in syncdsl.lint(OPT.format(image="windows_latest"))] == ["SD310"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('image-writable-roots = ["/tmp"]\n', "key `image-writable-roots`: expected a table of image id = list of"
                                            " directories, got a list"),
        ('[image-writable-roots]\nlinux_latest = ["tmp"]\n', "key `image-writable-roots.linux_latest`: expected a"
                                                           " list of absolute POSIX directories, got a list"),
    ],
)
def test_a_bad_image_table_is_a_configuration_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _config(tmp_path, text)
    assert str(caught.value).endswith(message)


def test_a_blank_image_id_is_reported() -> None:
    assert render_diagnostics(syncdsl.lint("version: 1\nimage_id: ' '\ncontexts: [{context_id: a, path: /tmp/a}]\n")) \
        == "2:11-2:14 SD013 [error] blank value for key `image_id`: only whitespace\n"


IMAGE_ONLY = "version: 1\nimage_id: browser_latest\ncontexts:\n  - context_id: SdkCtx-1\n    path: /tmp/a\n"


def test_the_image_reaches_the_sdk_and_comes_back() -> None:
    doc = syncdsl.load(IMAGE_ONLY)
    params = doc.to_session_params()
    assert params.image_id == "browser_latest"
    assert sdk_session_request(params)["image_id"] == "browser_latest"
    text = from_sdk(params)
    assert text.splitlines()[1:3] == ["version: 1", "image_id: browser_latest"]
    assert syncdsl.load(text).to_session_params().image_id == "browser_latest"
    code = export_python(doc)
    assert code.endswith(
        "session_params = CreateSessionParams(image_id=\"browser_latest\", context_syncs=context_syncs)\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(code, "<export>", "exec"), namespace)
    assert sdk_session_request(namespace["session_params"]) == sdk_session_request(params)
    assert type(namespace["session_params"]) is agentbay.CreateSessionParams
