# nbgrader's configuration for the course's Rust notebooks (the evcxr kernel). Copied into a new
# course folder by `cargo run -p exercises --bin classroom -- course DIR`; see
# exercises/classroom/README.md for the teacher's commands.
c = get_config()  # noqa: F821 (defined by nbgrader when it reads this file)

c.CourseDirectory.course_id = "foundations"

# The solution regions are marked `// BEGIN SOLUTION` ... `// END SOLUTION`; a released notebook
# has `todo!()` in their place, which compiles and panics with "not yet implemented".
c.ClearSolutions.code_stub = {"rust": "todo!()"}

# The kernel is evcxr's, registered as `rust` by scripts/setup.sh. Its first cell compiles the
# course library (minutes when the build folder is cold), and a cell of checks may train a small
# network, so cells get 30 minutes rather than nbgrader's 30 seconds.
c.Execute.kernel_name = "rust"
c.Execute.timeout = 1800
c.Execute.startup_timeout = 1800
