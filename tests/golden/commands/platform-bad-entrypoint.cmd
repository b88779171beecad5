platform build --entrypoint web=8000 --entrypoint alt=8000 -o /nonexistent/never-written
