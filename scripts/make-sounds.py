#!/usr/bin/env python3
"""Writes the good/bad scan sounds into resources/sounds/ with the standard library only.

Good: two short rising beeps (a bright, pleasant "ding-ding"). Bad: a long low buzz with a
square-ish wave, impossible to mistake for the good one on a noisy floor. Run it again after
changing a tone; the WAV files are committed so a build needs no generation step.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
AMPLITUDE = 0.6
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"


def tone(freq_hz: float, seconds: float, square: bool = False) -> list[float]:
    count = int(RATE * seconds)
    fade = int(RATE * 0.005)  # 5 ms fades: no clicks at the edges
    samples = []
    for i in range(count):
        value = math.sin(2 * math.pi * freq_hz * i / RATE)
        if square:
            # Odd harmonics give the buzz its harsh, "wrong" character.
            value = (value + math.sin(6 * math.pi * freq_hz * i / RATE) / 3) * 0.8
        envelope = min(1.0, i / fade, (count - i) / fade)
        samples.append(value * envelope)
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def write(name: str, samples: list[float]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", int(s * AMPLITUDE * 32767)) for s in samples)
    with wave.open(str(OUT / name), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(frames)


def main() -> None:
    write("good.wav", tone(1318.5, 0.07) + silence(0.03) + tone(1760.0, 0.10))
    write("bad.wav", tone(180.0, 0.25, square=True) + silence(0.05) + tone(150.0, 0.35, True))
    print(f"sounds written to {OUT}")


if __name__ == "__main__":
    main()
