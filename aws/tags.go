package aws

import (
	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Tag keys written on every resource at creation, so a stack can always be
// found again (and re-adopted) from AWS alone.
const (
	TagName  = "Name"
	TagStack = "infrawiz:stack"
	TagRole  = "infrawiz:role"
	TagOwner = "infrawiz:owner"
)

// Meta names one resource of a stack.
type Meta struct {
	Stack string
	Role  string
	Name  string
	Owner string
}

func (m Meta) tags() []types.Tag {
	return []types.Tag{
		{Key: sdk.String(TagName), Value: sdk.String(m.Name)},
		{Key: sdk.String(TagStack), Value: sdk.String(m.Stack)},
		{Key: sdk.String(TagRole), Value: sdk.String(m.Role)},
		{Key: sdk.String(TagOwner), Value: sdk.String(m.Owner)},
	}
}

// spec returns the TagSpecifications for the given resource types, so the
// tags exist from the moment the resource does.
func (m Meta) spec(rts ...types.ResourceType) []types.TagSpecification {
	out := make([]types.TagSpecification, 0, len(rts))
	for _, rt := range rts {
		out = append(out, types.TagSpecification{ResourceType: rt, Tags: m.tags()})
	}
	return out
}

func tagValue(tags []types.Tag, key string) string {
	for _, t := range tags {
		if sdk.ToString(t.Key) == key {
			return sdk.ToString(t.Value)
		}
	}
	return ""
}

func filter(name string, values ...string) types.Filter {
	return types.Filter{Name: sdk.String(name), Values: values}
}

// stackFilters selects a stack's resources, or one role of it.
func stackFilters(stack, role string) []types.Filter {
	f := []types.Filter{filter("tag:"+TagStack, stack)}
	if role != "" {
		f = append(f, filter("tag:"+TagRole, role))
	}
	return f
}
