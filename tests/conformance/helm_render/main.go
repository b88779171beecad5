// helm_render renders every chart template of `dsc build` output trees with
// Go's text/template, the engine Helm renders templates with, and checks that
// the result is the manifest dsc meant: the template with each `{{ "{{" }}`
// (dsc's escape for a literal `{{`) replaced by `{{`. Helm adds sprig
// functions and .Values/.Release; dsc's templates use none of them, so
// rendering with no functions and empty data is what Helm would do.
//
// Usage: go run ./tests/conformance/helm_render OUT_DIR...
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
)

const escape = `{{ "{{" }}`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: helm_render OUT_DIR...")
		os.Exit(2)
	}
	failures, rendered := 0, 0
	for _, dir := range os.Args[1:] {
		files, err := filepath.Glob(filepath.Join(dir, "charts", "*", "templates", "*.yaml"))
		if err != nil || len(files) == 0 {
			fmt.Printf("%s: no chart templates found\n", dir)
			failures++
			continue
		}
		sort.Strings(files)
		for _, file := range files {
			text, err := os.ReadFile(file)
			if err != nil {
				fmt.Printf("%s: %v\n", file, err)
				failures++
				continue
			}
			// Helm's engine: strict about missing keys, no custom delimiters.
			tpl, err := template.New(filepath.Base(file)).Option("missingkey=error").Parse(string(text))
			if err != nil {
				fmt.Printf("%s: does not parse as a Go template: %v\n", file, err)
				failures++
				continue
			}
			var out bytes.Buffer
			if err := tpl.Execute(&out, map[string]interface{}{}); err != nil {
				fmt.Printf("%s: does not render: %v\n", file, err)
				failures++
				continue
			}
			want := strings.ReplaceAll(string(text), escape, "{{")
			if out.String() != want {
				fmt.Printf("%s: renders to something else than the manifest\n", file)
				failures++
				continue
			}
			rendered++
		}
	}
	if failures > 0 {
		fmt.Printf("helm-render: %d failures\n", failures)
		os.Exit(1)
	}
	fmt.Printf("helm-render: %d templates render to their manifests\n", rendered)
}
