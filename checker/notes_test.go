package checker_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfn-lint/sfn-lint/checker"
)

// notesTemplate has a .sync task whose job is a parameter, while the role
// grants a named one: starting, polling and stopping the job are all
// undecided, for the same reason.
const notesTemplate = `Parameters:
  JobName: {Type: String}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: etl
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [glue:StartJobRun, glue:GetJobRun, glue:GetJobRuns, glue:BatchStopJobRun]
                Resource: !Sub arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:job/nightly
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
      DefinitionSubstitutions: {JobName: !Ref JobName}
      Definition:
        StartAt: Run
        States:
          Run: {Type: Task, Resource: "arn:aws:states:::glue:startJobRun.sync", Parameters: {JobName: "${JobName}"}, End: true}
`

// TestNotesFollowRulesOff checks that a note that gathers several rules'
// permissions is reported under the most basic rule that is on, and
// carries only the permissions of rules that are on.
func TestNotesFollowRulesOff(t *testing.T) {
	tests := []struct {
		off  []string
		want string // rule, then what the note says is needed
	}{
		{nil, `SFN401 "glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun" on ` +
			`"arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/${JobName}", needed to run, poll and stop the job of task "Run"`},
		{[]string{"task-permission"}, `SFN402 "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun" on ` +
			`"arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/${JobName}", needed to poll and stop the job of task "Run"`},
		{[]string{"SFN402"}, `SFN401 "glue:StartJobRun", "glue:BatchStopJobRun" on ` +
			`"arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/${JobName}", needed to run and stop the job of task "Run"`},
		{[]string{"SFN401", "SFN402"}, `SFN404 "glue:BatchStopJobRun" on ` +
			`"arn:aws:glue:${AWS::Region}:${AWS::AccountId}:job/${JobName}", needed to stop the job of task "Run" when the execution stops`},
		{[]string{"SFN401", "SFN402", "SFN404"}, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.off, ","), func(t *testing.T) {
			dir := t.TempDir()
			config := "rules:\n"
			for _, r := range tt.off {
				config += "  " + r + ": off\n"
			}
			for name, src := range map[string]string{"template.yaml": notesTemplate, ".sfn-lint.yaml": config} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Chdir(dir)
			res := checker.Run(checker.Options{Args: []string{"./..."}})
			var got []string
			for _, d := range res.Diagnostics {
				what, _, _ := strings.Cut(strings.TrimPrefix(d.Message, `cannot tell whether role "Role" grants `), " (glue:")
				got = append(got, d.Rule+" "+what)
			}
			want := []string{}
			if tt.want != "" {
				want = []string{tt.want}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
