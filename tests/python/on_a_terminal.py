"""Runs a command on a pseudo-terminal, as a person at a terminal would: waits for PROMPT,
types ANSWER and Enter, and prints everything the terminal showed (stdout and stderr, and
whatever the terminal echoed) on stdout; exits with the command's exit status.

    python3 on_a_terminal.py PROMPT ANSWER -- COMMAND ARG...
"""

import os
import pty
import select
import sys
import time


def main():
    prompt, answer = sys.argv[1].encode(), sys.argv[2].encode()
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    shown = b""
    answered = False
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if not select.select([fd], [], [], deadline - time.monotonic())[0]:
            break  # no prompt came: the command is ended below
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if not answered and prompt in shown:
            time.sleep(0.5)  # as a person would: the prompt is read before the answer
            os.write(fd, answer + b"\r")
            answered = True
    if not answered:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(shown)
    sys.exit(os.waitstatus_to_exitcode(status))


main()
