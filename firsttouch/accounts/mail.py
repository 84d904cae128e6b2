"""Where mails go when no mail server is configured.

Password-reset mails carry a link that logs anyone in as that parent, so they must not end up
in the console or the server log (where Django's console backend puts them). Instead they are
written to files only the server's user can read, under the data directory.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class PrivateFileEmailBackend(EmailBackend):
    """Django's file backend, with the directory 0700 and each file 0600."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)  # type: ignore[attr-defined]

    def open(self) -> bool:
        if self.stream is None:
            descriptor = os.open(
                self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
            )
            self.stream = os.fdopen(descriptor, "ab")
            return True
        return False
