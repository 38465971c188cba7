"""Test helpers shared by the test folders: the real OMS server process and its fixture."""
